# The package that `build.ps1 Package` makes goes through a PSResource repository like a gallery module:
# publish, install into a clean module path, import by name in a fresh pwsh, use.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $data = Import-PowerShellDataFile $env:PCSCTOOLS_MODULE_PATH
    $script:nupkg = Join-Path (Split-Path (Split-Path $env:PCSCTOOLS_MODULE_PATH)) "packages/PcscTools.$($data.ModuleVersion).nupkg"
}

Describe 'The PcscTools package' {
    It 'exists (build.ps1 Package) and holds the module, its help, formats and licence' {
        $nupkg | Should -Exist -Because 'build.ps1 Test runs the Package step before the tests'
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
        try { $entries = $zip.Entries.FullName } finally { $zip.Dispose() }
        foreach ($file in 'PcscTools.psd1', 'LICENSE', 'PcscTools.Format.ps1xml', 'bin/PcscTools.Module.dll', 'bin/PcscTools.Core.dll',
            'bin/PcscTools.Simulator.dll', 'en-US/PcscTools.Module.dll-Help.xml', 'en-US/about_PcscTools.help.txt', 'PcscTools.nuspec') {
            $entries | Should -Contain $file
        }
    }

    It 'publishes to a local PSResource repository, installs into a clean module path, imports by name and lists the simulator''s readers' {
        $repository = New-Item -ItemType Directory (Join-Path $TestDrive 'repository')
        $modules = New-Item -ItemType Directory (Join-Path $TestDrive 'modules')
        $settings = New-Item -ItemType Directory (Join-Path $TestDrive 'xdg')
        # A fresh pwsh whose PSResourceGet settings (XDG_DATA_HOME) live in the test drive, so no user repository list is touched.
        $outcome = Invoke-IsolatedPwsh -NoModule -TimeoutSeconds 120 -Environment @{ XDG_DATA_HOME = $settings.FullName } -ScriptBlock ([scriptblock]::Create(@"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name PcscToolsLocal -Uri '$repository' -Trusted
Publish-PSResource -NupkgPath '$nupkg' -Repository PcscToolsLocal
`$found = Find-PSResource -Name PcscTools -Repository PcscToolsLocal
# Into the clean module path only: Install-PSResource -Scope CurrentUser would write to the user's own module folder.
Save-PSResource -Name PcscTools -Repository PcscToolsLocal -TrustRepository -Path '$modules' -Quiet
`$env:PSModulePath = '$modules'
`$installed = Get-Module -ListAvailable PcscTools
Import-Module PcscTools
`$simulator = Start-PcscSimulator
try {
    [pscustomobject]@{
        Found      = "`$(`$found.Name) `$(`$found.Version)"
        Installed  = "`$(`$installed.Name) `$(`$installed.Version)"
        ModuleBase = (Get-Module PcscTools).ModuleBase
        Readers    = @(Get-PcscReader | ForEach-Object Name)
        Simulator  = @(`$simulator.ReaderNames)
        Card       = "`$((Get-PcscReader)[0].Atr)"
        Help       = (Get-Help Get-PcscReader).Synopsis
    }
}
finally { Stop-PcscSimulator }
"@))
        $outcome.Found | Should -Be "PcscTools $((Import-PowerShellDataFile $env:PCSCTOOLS_MODULE_PATH).ModuleVersion)"
        $outcome.Installed | Should -Be $outcome.Found
        $outcome.ModuleBase | Should -BeLike "$($modules.FullName)/PcscTools/*"
        $outcome.Readers | Should -Be $outcome.Simulator
        $outcome.Readers.Count | Should -Be 2
        $outcome.Card | Should -Be '3B 80 80 01 01'
        $outcome.Help | Should -Match '^Gets the smart card readers'
    }
}
