# The help gate: every cmdlet and parameter in the code is in docs/cmdlets and the other way round, Get-Help shows
# them, and every example marked runnable in the docs runs against the simulator.
#   ```powershell runnable             runs while a simulator holds the virtual card in its first reader
#   ```powershell runnable-standalone  runs with no simulator (it starts and stops its own)

BeforeDiscovery {
    Import-Module "$PSScriptRoot/../../build/Help/MarkdownHelp.psm1" -Force
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    $docs = Get-ChildItem "$PSScriptRoot/../../docs/cmdlets" -Filter '*.md' | ConvertFrom-CmdletHelpMarkdown
    $script:helpCases = $docs | ForEach-Object { @{ Name = $_.Name; Help = $_ } }
    $script:commandCases = Get-Command -Module PcscTools -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } }
    $script:exampleCases = foreach ($help in $docs) {
        foreach ($example in $help.Examples) {
            foreach ($block in $example.Code | Where-Object Info -Match '^powershell runnable(-standalone)?$') {
                @{ Name = $help.Name; Title = $example.Title; Code = $block.Text; Standalone = $block.Info -like '*standalone' }
            }
        }
    }
}

BeforeAll {
    Import-Module "$PSScriptRoot/../../build/Help/MarkdownHelp.psm1" -Force
    Import-Module "$PSScriptRoot/HelpDrift.psm1" -Force
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    $script:docsFolder = (Resolve-Path "$PSScriptRoot/../../docs/cmdlets").Path
}

Describe 'Help for <Name>' -ForEach $commandCases {
    It 'has docs/cmdlets/<Name>.md' {
        Join-Path $docsFolder "$Name.md" | Should -Exist
    }

    It 'documents exactly the parameters the code declares, with their metadata' {
        $help = ConvertFrom-CmdletHelpMarkdown (Join-Path $docsFolder "$Name.md")
        @(Get-HelpDrift -Command (Get-Command $Name) -Help $help) | Should -BeNullOrEmpty
    }

    It 'shows its synopsis, every parameter and its examples in Get-Help' {
        $help = ConvertFrom-CmdletHelpMarkdown (Join-Path $docsFolder "$Name.md")
        $full = Get-Help $Name -Full
        $full.Synopsis | Should -Be ($help.Synopsis -join ' ')
        $documented = @($full.parameters.parameter | Where-Object { $_ } | ForEach-Object name)
        $documented | Should -Be @($help.Parameters.Name)
        $examples = Get-Help $Name -Examples
        @($examples.examples.example).Count | Should -Be $help.Examples.Count
        $help.Examples.Count | Should -BeGreaterThan 0
        (Get-Help $Name -Full | Out-String) | Should -Match ([regex]::Escape($help.Description[0].Substring(0, 30)))
    }
}

Describe 'docs/cmdlets/<Name>.md' -ForEach $helpCases {
    It 'documents a cmdlet the module exports' {
        Get-Command $Name -Module PcscTools -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty -Because "docs/cmdlets/$Name.md exists"
    }
}

Describe 'The compiled help' {
    It 'sits where Get-Help looks for a binary module: en-US/PcscTools.Module.dll-Help.xml in the module folder' {
        $base = (Get-Module PcscTools).ModuleBase
        Join-Path $base 'en-US/PcscTools.Module.dll-Help.xml' | Should -Exist
        (Get-Command Get-PcscReader).HelpFile | Should -BeLike '*PcscTools.Module.dll-Help.xml'
    }

    It 'includes about_PcscTools, which explains the sandbox protocol mismatch' {
        $about = Get-Help about_PcscTools | Out-String
        $about | Should -Match 'about_PcscTools'
        $about | Should -Match 'SANDBOXES AND THE PROTOCOL MISMATCH'
        $about | Should -Match 'flatpak'
        $about | Should -Match 'SCARD_E_SERVICE_STOPPED'
    }
}

Describe 'The help drift check itself' {
    BeforeAll {
        function Test-Drift {
            [CmdletBinding()]
            param([Parameter(Position = 0, ValueFromPipeline)] [SupportsWildcards()] [Alias('N')] [string[]] $Name, [switch] $Undocumented)
        }
        $path = Join-Path $TestDrive 'Test-Drift.md'
        Set-Content $path @'
---
external help file: X.dll-Help.xml
Module Name: X
schema: 2.0.0
---

# Test-Drift

## SYNOPSIS
x

## PARAMETERS

### -Name
x

```yaml
Type: String
Parameter Sets: (All)
Aliases:

Required: True
Position: 1
Default value: None
Accept pipeline input: False
Accept wildcard characters: False
```

### -Ghost
x

```yaml
Type: String
Parameter Sets: (All)
Aliases:

Required: False
Position: Named
Default value: None
Accept pipeline input: False
Accept wildcard characters: False
```
'@
        $script:drift = @(Get-HelpDrift -Command (Get-Command Test-Drift) -Help (ConvertFrom-CmdletHelpMarkdown $path))
    }

    It 'reports <Problem>' -ForEach @(
        @{ Problem = 'a parameter missing from the help'; Pattern = '-Undocumented is in the code but not in the help' }
        @{ Problem = 'a parameter missing from the code'; Pattern = '-Ghost is in the help but not in the code' }
        @{ Problem = 'a missing CommonParameters section'; Pattern = "no '### CommonParameters'" }
        @{ Problem = 'a wrong type'; Pattern = "-Name is String\[\] in the code but 'String'" }
        @{ Problem = 'wrong aliases'; Pattern = "-Name has aliases 'N'" }
        @{ Problem = 'wrong wildcard support'; Pattern = '-Name accepts wildcards: True in the code, False' }
        @{ Problem = 'a wrong position'; Pattern = '-Name is at position 0' }
        @{ Problem = 'wrong mandatoriness'; Pattern = '-Name is mandatory: False' }
        @{ Problem = 'wrong pipeline input'; Pattern = "-Name takes pipeline input 'True \(ByValue\)'" }
    ) {
        $drift -match $Pattern | Should -Not -BeNullOrEmpty -Because ($drift -join "`n")
    }
}

Describe 'Runnable examples' {
    Context '<Name>: <Title>' -ForEach ($exampleCases | Where-Object Standalone) {
        BeforeAll { Stop-PcscSimulator }

        It 'runs without a simulator running' {
            $ErrorActionPreference = 'Stop'
            try { $null = & ([scriptblock]::Create($Code)) }
            finally { Stop-PcscSimulator }
        }
    }

    Context 'against the simulator' {
        BeforeAll {
            Stop-PcscSimulator
            Start-PcscSimulator | Out-Null
        }
        AfterAll { Stop-PcscSimulator }

        It '<Name>: <Title>' -ForEach ($exampleCases | Where-Object { -not $_.Standalone }) {
            $ErrorActionPreference = 'Stop'
            $null = & ([scriptblock]::Create($Code))
        }
    }
}
