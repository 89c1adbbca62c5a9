# Faults on the real stack, seen as a PowerShell user sees them: pcscd crashing and coming back.
# (Another process holding the card: Invoke-Apdu.Tests.ps1; Invoke-Apdu's own faults: Invoke-Apdu.Faults.Tests.ps1.)
BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
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
