# The manifest is complete, valid and exports exactly the cmdlets the assembly defines.

BeforeAll {
    $script:manifestPath = $env:PCSCTOOLS_MODULE_PATH
    $script:manifest = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
    $script:data = Import-PowerShellDataFile $manifestPath
}

Describe 'PcscTools.psd1' {
    It 'is valid for Test-ModuleManifest, with a version, a GUID and the editions and PowerShell it needs' {
        $manifest.Name | Should -Be 'PcscTools'
        $manifest.Version | Should -BeGreaterThan ([version]'0.0.0')
        $manifest.Guid | Should -Not -Be ([guid]::Empty)
        $manifest.PowerShellVersion | Should -Be ([version]'7.4')
        $manifest.CompatiblePSEditions | Should -Be 'Core'
        $manifest.Author | Should -Not -BeNullOrEmpty
        $manifest.Description | Should -Not -BeNullOrEmpty
    }

    It 'carries the gallery metadata: tags, licence, project URI' {
        $psData = $data.PrivateData.PSData
        $psData.Tags | Should -Contain 'SmartCard'
        $psData.Tags | Should -Contain 'PSEdition_Core'
        $psData.Tags | Should -Contain 'Linux'
        $psData.LicenseUri | Should -Match '^https://.+/LICENSE$'
        $psData.ProjectUri | Should -Match '^https://'
        Join-Path (Split-Path $manifestPath) 'LICENSE' | Should -Exist
        Get-Content (Join-Path (Split-Path $manifestPath) 'LICENSE') -TotalCount 1 | Should -Be 'MIT License'
    }

    It 'lists every format file, and each exists' {
        $data.FormatsToProcess | Should -Not -BeNullOrEmpty
        foreach ($file in @($data.FormatsToProcess) + @($data.TypesToProcess | Where-Object { $_ })) {
            Join-Path (Split-Path $manifestPath) $file | Should -Exist
        }
    }

    It 'exports exactly the [Cmdlet] classes of PcscTools.Module.dll, by name and without wildcards' {
        $assembly = [System.Reflection.Assembly]::LoadFrom((Join-Path (Split-Path $manifestPath) $data.RootModule))
        $defined = $assembly.GetExportedTypes() |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object
        $exported = @($data.CmdletsToExport) | Sort-Object
        $exported | Where-Object { [WildcardPattern]::ContainsWildcardCharacters($_) } | Should -BeNullOrEmpty
        $exported | Should -Be $defined
        @($data.FunctionsToExport).Count | Should -Be 0
        @($data.AliasesToExport).Count | Should -Be 0
        @($data.VariablesToExport).Count | Should -Be 0
    }

    It 'is what Import-Module exports' {
        $module = Import-Module $manifestPath -PassThru -Force
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($data.CmdletsToExport | Sort-Object)
    }
}
