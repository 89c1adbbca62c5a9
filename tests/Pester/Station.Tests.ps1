# examples/Station.ps1 across two "hosts" on this machine: two private sshd on loopback, each session's pwsh pointed at
# its own private pcscd with its own virtual cards (host A: this process's simulator; host B: a simulator process).

BeforeDiscovery {
    $script:isRoot = (& id -u) -eq '0'
}

Describe 'examples/Station.ps1 on two hosts' -Skip:(-not $isRoot) {
    BeforeAll {
        Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
        Import-Module (Join-Path $PSScriptRoot 'SshTestHost.psm1') -Force
        $script:station = Join-Path $PSScriptRoot '../../examples/Station.ps1'
        $script:aid = 'F0 50 43 53 43 54 4F 4F 4C 53'

        # Host A: two readers, two good cards.
        Stop-PcscSimulator
        $script:simulator = Start-PcscSimulator -ReaderCount 2 -ReaderName 'Station A'
        $null = Add-PcscSimulatorCard -Reader $simulator.ReaderNames[1]
        # Host B: a good card, and one without the application, which must fail at its selection.
        $script:hostB = Start-TestSimulatorProcess -ReaderCount 2 -ReaderName 'Station B' -Setup {
            Add-PcscSimulatorCard -Reader $simulator.ReaderNames[1] -Card (New-PcscVirtualCard -Atr '3B 80 80 01 02' -Response @{ '00 A4 04 0C *' = '6A 82' })
        }
        $script:hosts = @(
            Start-TestSshHost -SocketPath $simulator.SocketPath
            Start-TestSshHost -SocketPath $hostB.SocketPath
        )
        $client = Get-TestSshClient
        $script:stationParameters = @{
            HostName    = $hosts.HostName
            KeyFilePath = $client.KeyFilePath
            Options     = $client.Options
            ModulePath  = $env:PCSCTOOLS_MODULE_PATH
        }
        $script:commandsBefore = @($simulator.ReaderNames | ForEach-Object { $simulator.CardIn($_).ReceivedCommands.Count })
        $script:dryRun = & $station @stationParameters -WhatIf 6>$null
        $script:commandsAfterDryRun = @($simulator.ReaderNames | ForEach-Object { $simulator.CardIn($_).ReceivedCommands.Count })
        $script:results = & $station @stationParameters 6>$null
    }

    AfterAll {
        $hosts | Where-Object { $_ } | Stop-TestSshHost
        if ($hostB) { Stop-TestSimulatorProcess $hostB }
        Remove-TestSshClient
        Stop-PcscSimulator
    }

    It 'returns one result per card of both hosts: host, reader, ATR, outcome, time, failing step' {
        $results.Count | Should -Be 4
        @($results.Host | Sort-Object -Unique) | Should -Be @($hosts | ForEach-Object { "127.0.0.1:$($_.Port)" } | Sort-Object)
        $results | ForEach-Object { $_.PSObject.Properties.Name } | Select-Object -Unique |
            Should -Be @('Host', 'Reader', 'Atr', 'Outcome', 'Time', 'FailedStep', 'Message')
        $results.Time | Should -BeOfType [timespan]
    }

    It 'personalises the good cards, the bad one fails at the selection of the application' {
        $failed = @($results | Where-Object Outcome -EQ 'Failed')
        $failed.Count | Should -Be 1
        $failed[0].Reader | Should -BeLike 'Station B * 01'
        $failed[0].Atr | Should -Be '3B 80 80 01 02'
        $failed[0].FailedStep | Should -Be 'select application'
        $failed[0].Message | Should -Match '6A82'
        @($results | Where-Object Outcome -EQ 'Personalised').Count | Should -Be 3
    }

    It 'leaves the profile on the cards of host A (read here, on the same pcscd)' {
        foreach ($reader in $simulator.ReaderNames) {
            $card = Connect-PcscCard -Reader $reader
            try {
                $null = Invoke-Apdu -Session $card -Command "00 A4 04 0C 0A $aid", '00 A4 02 0C 02 01 01' -ExpectStatus 9000
                Invoke-Apdu -Session $card -Command '00 B0 00 00 10' | Should -HaveStatusWord 9000 -Data '50 43 53 43 54 4F 4F 4C 53 01 02 03 04 05 06 07'
            }
            finally { Disconnect-PcscCard $card }
        }
    }

    It 'lists the same cards with -WhatIf, and sends them nothing' {
        $dryRun.Count | Should -Be 4
        $dryRun.Outcome | Select-Object -Unique | Should -Be 'WhatIf'
        @($dryRun | ForEach-Object { "$($_.Host) $($_.Reader) $($_.Atr)" }) | Should -Be @($results | ForEach-Object { "$($_.Host) $($_.Reader) $($_.Atr)" })
        $commandsAfterDryRun | Should -Be $commandsBefore
    }
}
