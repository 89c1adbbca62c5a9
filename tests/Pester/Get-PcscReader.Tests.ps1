BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $script:simulator = Start-PcscSimulator -NoCard
    $script:first, $script:second = $simulator.ReaderNames
}

AfterAll {
    Stop-PcscSimulator
}

Describe 'Get-PcscReader on the real stack (libpcsclite -> pcscd -> vpcd -> virtual card)' {
    Context 'with no card in any reader' {
        It 'lists both virtual readers, without a card or an ATR' {
            $readers = Get-PcscReader
            $readers.Name | Should -Be @($first, $second)
            $readers.CardPresent | Should -Be @($false, $false)
            $readers | ForEach-Object { $_.Atr.Length | Should -Be 0 }
            $readers[0].State | Should -Match 'Empty'
        }
    }

    Context 'with the virtual card in the first reader' {
        BeforeAll { $simulator.InsertCard($first) | Out-Null }
        AfterAll { $simulator.RemoveCard($first) }

        It 'reports the card and its ATR as uppercase hex pairs' {
            $reader = Get-PcscReader -Name $first
            $reader.CardPresent | Should -BeTrue
            "$($reader.Atr)" | Should -BeExactly '3B 80 80 01 01'
            $reader.Atr -eq '3b808001 01' | Should -BeTrue
            $reader.State | Should -Match 'Present'
            $reader.EventCount | Should -BeGreaterThan 0
        }

        It 'reports the same ATR as pcsc_scan for the same reader' {
            $scan = & pcsc_scan -n -t 1 2>&1 | Out-String
            $reported = [regex]::Match($scan, "Reader 0: $([regex]::Escape($first))[\s\S]*?ATR: (?<atr>[0-9A-F ]+)").Groups['atr'].Value.Trim()
            $reported | Should -Not -BeNullOrEmpty -Because "pcsc_scan printed: $scan"
            "$((Get-PcscReader -Name $first).Atr)" | Should -BeExactly $reported
        }

        It 'shows Name, CardPresent and Atr in its default table' {
            $table = Get-PcscReader | Format-Table | Out-String -Width 200
            $table | Should -Match 'Name\s+CardPresent\s+Atr'
            $table | Should -Match ([regex]::Escape($first) + '\s+True\s+3B 80 80 01 01')
        }
    }

    Context 'filtering by name' {
        It 'takes wildcards, case-insensitively' {
            (Get-PcscReader -Name '*virtual reader 00 01').Name | Should -Be $second
            (Get-PcscReader 'PcscTools*').Count | Should -Be 2
        }

        It 'takes names from the pipeline, by value and by property name, without repeating a reader' {
            ($first, $second, $first | Get-PcscReader).Name | Should -Be @($first, $second)
            ([pscustomobject]@{ Name = $second } | Get-PcscReader).Name | Should -Be $second
            (Get-PcscReader | Get-PcscReader).Count | Should -Be 2
        }

        It 'writes nothing and no error when a wildcard matches nothing' {
            $result = Get-PcscReader -Name 'no such reader*' -ErrorVariable problems
            $result | Should -BeNullOrEmpty
            $problems | Should -BeNullOrEmpty
        }

        It 'writes a non-terminating ObjectNotFound error for an unknown name, and goes on' {
            $result = Get-PcscReader -Name 'No Such Reader', $first -ErrorVariable problems -ErrorAction SilentlyContinue
            $result.Name | Should -Be $first
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'ReaderNotFound,PcscTools.Module.Commands.GetPcscReaderCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $problems[0].TargetObject | Should -Be 'No Such Reader'
        }

        It 'throws ReaderNotFound under -ErrorAction Stop' {
            { Get-PcscReader -Name 'No Such Reader' -ErrorAction Stop } | Should -Throw -ErrorId 'ReaderNotFound,PcscTools.Module.Commands.GetPcscReaderCommand'
        }
    }

    Context 'tab completion' {
        It 'completes reader names from the live daemon, quoted because they hold spaces' {
            $completion = TabExpansion2 -inputScript 'Get-PcscReader -Name PcscTools' -cursorColumn 'Get-PcscReader -Name PcscTools'.Length
            $completion.CompletionMatches.CompletionText | Should -Be @("'$first'", "'$second'")
        }
    }
}

Describe 'Get-PcscReader when the daemon has no readers' {
    BeforeAll {
        Stop-PcscSimulator
        Start-PcscSimulator -ReaderCount 0 | Out-Null
    }
    AfterAll {
        Stop-PcscSimulator
        $script:simulator = Start-PcscSimulator -NoCard
    }

    It 'writes no output and no error' {
        $result = Get-PcscReader -ErrorVariable problems
        $result | Should -BeNullOrEmpty
        $problems | Should -BeNullOrEmpty
    }
}

Describe 'Get-PcscReader when no pcscd is there' {
    It 'fails with one clear ServiceUnavailable error that names the socket and points to Test-PcscProtocol' {
        $missing = Join-Path ([IO.Path]::GetTempPath()) "no-pcscd-$([guid]::NewGuid())/pcscd.comm"
        $outcome = Invoke-IsolatedPwsh -Environment @{ PCSCLITE_CSOCK_NAME = $missing } -ScriptBlock {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            try { Get-PcscReader; 'no error' }
            catch {
                [pscustomobject]@{
                    Id       = $_.FullyQualifiedErrorId
                    Category = "$($_.CategoryInfo.Category)"
                    Message  = "$_"
                    Target   = "$($_.TargetObject)"
                    Seconds  = $watch.Elapsed.TotalSeconds
                }
            }
        }
        $outcome.Id | Should -Be 'ServiceUnavailable,PcscTools.Module.Commands.GetPcscReaderCommand'
        $outcome.Category | Should -Be 'ResourceUnavailable'
        $outcome.Target | Should -Be $missing
        $outcome.Message | Should -Match ([regex]::Escape($missing))
        $outcome.Message | Should -Match 'Test-PcscProtocol'
        $outcome.Message | Should -Not -Match '^0x8010'
        $outcome.Seconds | Should -BeLessThan 10
    }
}
