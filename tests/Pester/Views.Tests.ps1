# What users see: format views for every output type, clean JSON, and reader-name completion on every reader parameter.

BeforeDiscovery {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    # Parameters named or aliased Reader/ReaderName take the name of a reader pcscd knows (Get-PcscReaderAttribute -Name
    # names an attribute); Start-PcscSimulator -ReaderName names new readers instead.
    $script:readerParameters = foreach ($command in Get-Command -Module PcscTools -CommandType Cmdlet) {
        foreach ($parameter in $command.Parameters.Values) {
            $names = @($parameter.Name) + @($parameter.Aliases)
            if (($names | Where-Object { $_ -in 'Reader', 'ReaderName' }) -and -not ($command.Name -eq 'Start-PcscSimulator' -and $parameter.Name -eq 'ReaderName')) {
                @{ CmdletName = $command.Name; ParameterName = $parameter.Name }
            }
        }
    }
    $script:outputTypes = Get-Command -Module PcscTools -CommandType Cmdlet | ForEach-Object { $_.OutputType.Type } |
        Where-Object { $_ -and $_.FullName -like 'PcscTools.*' } | Sort-Object FullName -Unique | ForEach-Object { @{ Type = $_.FullName } }
}

BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    Stop-PcscSimulator
    $script:simulator = Start-PcscSimulator
    $script:first = $simulator.ReaderNames[0]
}

AfterAll { Stop-PcscSimulator }

Describe 'Format views' {
    # The module's own output types; plain .NET ones (the [bool] of -Quiet) keep PowerShell's views.
    It 'has a view for <Type>, an output type of the module''s cmdlets' -ForEach $outputTypes {
        Get-FormatData -TypeName $Type | Should -Not -BeNullOrEmpty
    }

    It 'shows everything about a reader in Format-List' {
        $list = Get-PcscReader -Name $first | Format-List | Out-String
        foreach ($line in "Name\s+: $([regex]::Escape($first))", 'CardPresent\s+: True', 'State\s+: .*Present', 'Atr\s+: 3B 80 80 01 01', 'EventCount\s+: \d+') {
            $list | Should -Match $line
        }
    }

    It 'shows bytes as hex pairs, also on their own' {
        ((Get-PcscReader -Name $first).Atr | Out-String).Trim() | Should -Be '3B 80 80 01 01'
    }

    It 'describes the simulator: socket, readers, cards, daemon and log' {
        $list = Get-PcscSimulator | Out-String
        $list | Should -Match "SocketPath\s+: $([regex]::Escape($simulator.SocketPath))"
        $list | Should -Match "Readers\s+: $([regex]::Escape($simulator.ReaderNames -join ', '))"
        $list | Should -Match "Cards\s+: $([regex]::Escape($first))\s"
        $list | Should -Match "DaemonProcessId\s+: $($simulator.Daemon.ProcessId)"
        $list | Should -Match 'LogPath\s+: .+pcscd\.log'
    }

    It 'shows a virtual card as a table row and, in Format-List, its responses and folders' {
        $card = New-PcscVirtualCard -ChainResponses -Response ([ordered]@{ '80 CA 9F 7F 00' = '9F 7F 02 01 02 90 00'; '80 CA *' = '6A 88' })
        $table = $card | Format-Table | Out-String -Width 200
        $table | Should -Match 'Atr\s+Responses\s+ChainResponses\s+StrictLe\s+ResponseDelay\s+Received'
        $table | Should -Match '3B 80 80 01 01\s+2\s+True\s+False\s+00:00:00\s+0'
        $list = $card | Format-List | Out-String -Width 200
        $list | Should -Match '80 CA 9F 7F 00 -> 9F 7F 02 01 02 90 00'
        $list | Should -Match '80 CA \* -> 6A 88'
        $list | Should -Match 'Folders\s+: MF, F050435343544F4F4C53'
    }
}

Describe 'JSON' {
    It 'turns a reader into plain JSON: its name, state and ATR hex, and nothing internal' {
        $json = Get-PcscReader -Name $first | ConvertTo-Json -WarningVariable warnings
        $warnings | Should -BeNullOrEmpty
        $parsed = $json | ConvertFrom-Json
        @($parsed.PSObject.Properties.Name | Sort-Object) | Should -Be @('Atr', 'CardPresent', 'EventCount', 'Name', 'State')
        $parsed.Name | Should -Be $first
        $parsed.CardPresent | Should -BeTrue
        $parsed.Atr.Hex | Should -Be '3B80800101'
    }

    It 'writes HexBytes as its hex text for System.Text.Json (the JsonConverter on the type)' {
        $json = [System.Text.Json.JsonSerializer]::Serialize((Get-PcscReader -Name $first), [PcscTools.Readers.PcscReader])
        $json | Should -Match '"Atr":"3B 80 80 01 01"'
        $back = [System.Text.Json.JsonSerializer]::Deserialize('"3b 80 80 01 01"', [PcscTools.Bytes.HexBytes])
        $back -eq '3B 80 80 01 01' | Should -BeTrue
    }

    It 'converts a virtual card without errors or truncation warnings' {
        $json = New-PcscVirtualCard -Response @{ '80 CA 9F 7F 00' = '90 00' } | ConvertTo-Json -Depth 4 -WarningVariable warnings
        $warnings | Should -BeNullOrEmpty
        ($json | ConvertFrom-Json).Responses[0].Key | Should -Be '80 CA 9F 7F 00'
    }
}

Describe 'Reader-name completion' {
    It '<CmdletName> -<ParameterName> completes the live readers, quoted' -ForEach $readerParameters {
        $parameter = (Get-Command $CmdletName).Parameters[$ParameterName]
        $parameter.Attributes.Where({ $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }).Type.Name | Should -Be 'ReaderNameCompleter'
        $line = "$CmdletName -$ParameterName PcscTools"
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Be @($simulator.ReaderNames | ForEach-Object { "'$_'" })
    }

    It 'covers the reader parameters of at least Get-PcscReader, Add- and Remove-PcscSimulatorCard' -TestCases @{ Covered = @($readerParameters | ForEach-Object { $_.CmdletName }) } {
        $covered = $Covered
        foreach ($command in 'Get-PcscReader', 'Add-PcscSimulatorCard', 'Remove-PcscSimulatorCard') { $covered | Should -Contain $command }
    }
}
