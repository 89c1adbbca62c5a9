# Faults on the real stack, seen as a PowerShell user sees them: pcscd crashing and coming back, a second process holding the card.
BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $script:simulator = Start-PcscSimulator -NoCard
    $script:first = $simulator.ReaderNames[0]
}

AfterAll {
    Stop-PcscSimulator
}

Describe 'Get-PcscReader across a pcscd crash and restart' {
    It 'ends with one ServiceUnavailable error while pcscd is down' {
        $simulator.Daemon.Kill()
        try {
            { Get-PcscReader -ErrorAction Stop } | Should -Throw -ErrorId 'ServiceUnavailable,PcscTools.Module.Commands.GetPcscReaderCommand'
            $problem = $null
            try { Get-PcscReader } catch { $problem = $_ }
            $problem.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            "$problem" | Should -Match 'Test-PcscProtocol'
        }
        finally {
            $simulator.Daemon.Restart()
        }
    }

    It 'works again once pcscd is back, in the same session, without re-importing the module' {
        $simulator.Daemon.Kill()
        $simulator.Daemon.Restart()
        (Get-PcscReader).Name | Should -Be $simulator.ReaderNames
        $simulator.InsertCard($first) | Out-Null
        try {
            (Get-PcscReader -Name $first).CardPresent | Should -BeTrue
        }
        finally {
            $simulator.RemoveCard($first)
        }
    }
}

Describe 'Two processes competing for one card' {
    BeforeAll { $simulator.InsertCard($first) | Out-Null }
    AfterAll { $simulator.RemoveCard($first) }

    It 'refuses another process with a sharing violation while this one holds the card exclusively' {
        $context = [PcscTools.Contexts.PcscContext]::Establish()
        $held = $context.Connect($first, 'Exclusive')
        try {
            $outcome = Invoke-IsolatedPwsh -Environment @{ PCSCLITE_CSOCK_NAME = $simulator.SocketPath; PCSCTOOLS_TEST_READER = $first } -ScriptBlock {
                $null = Get-PcscReader  # loads the core assembly, as any first command would
                $context = [PcscTools.Contexts.PcscContext]::Establish()
                try { $context.Connect($env:PCSCTOOLS_TEST_READER, 'Shared').Dispose(); 'connected' }
                catch { "$($_.Exception.InnerException.Code)" }
                finally { $context.Dispose() }
            }
            $outcome | Should -Be 'SharingViolation'
            $held.Status().State | Should -Match 'Present'
        }
        finally {
            $held.Dispose()
            $context.Dispose()
        }
    }
}
