BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
}

# Each case runs in a pwsh of its own: on failure it would close this suite's sessions and simulator.
Describe 'Module state belongs to the runspace that made it' {
    It 'Remove-Module in another runspace leaves this runspace''s session and simulator as they were' {
        $outcome = Invoke-IsolatedPwsh -ScriptBlock {
            $sim = Start-PcscSimulator
            $session = Connect-PcscCard $sim.ReaderNames[0]
            $other = [powershell]::Create()
            $null = $other.AddScript("Import-Module '$env:PCSCTOOLS_MODULE_PATH'; Remove-Module PcscTools").Invoke()
            $other.Dispose()
            $session.IsOpen
            (Invoke-Apdu -Session $session -Command '00 A4 00 0C 02 3F 00').StatusWord
            [bool](Get-PcscSimulator)
            Remove-Module PcscTools
            $session.IsOpen
            [PcscTools.Simulator.PcscSimulator]::Running -eq $null
        }
        $outcome | Should -Be @($true, '9000', $true, $false, $true)
    }

    It 'two suites in parallel runspaces go on undisturbed while one of them removes the module' {
        $outcome = Invoke-IsolatedPwsh -TimeoutSeconds 120 -ScriptBlock {
            $sim = Start-PcscSimulator
            $reader = $sim.ReaderNames[0]
            $suite = {
                param($module, $reader, $removes, [Threading.ManualResetEventSlim] $removed)
                Import-Module $module
                $session = Connect-PcscCard $reader
                $answers = foreach ($i in 1..20) {
                    if ($i -eq 10) {
                        if ($removes) {
                            Remove-Module PcscTools
                            $closed = -not $session.IsOpen
                            Import-Module $module
                            $session = Connect-PcscCard $reader
                            $removed.Set()
                        }
                        elseif (-not $removed.Wait(60000)) { 'the other suite never removed the module' }
                    }
                    (Invoke-Apdu -Session $session -Command '00 A4 00 0C 02 3F 00').StatusWord
                }
                "removes=$removes answers=$(@($answers | Select-Object -Unique) -join ',') closedByRemoval=$([bool]$closed) open=$($session.IsOpen)"
                Disconnect-PcscCard $session
            }
            $removed = [Threading.ManualResetEventSlim]::new()
            $jobs = foreach ($removes in $false, $true) {
                $shell = [powershell]::Create()
                $null = $shell.AddScript($suite).AddArgument($env:PCSCTOOLS_MODULE_PATH).AddArgument($reader).AddArgument($removes).AddArgument($removed)
                [pscustomobject]@{ Shell = $shell; Handle = $shell.BeginInvoke() }
            }
            foreach ($job in $jobs) {
                "$($job.Shell.EndInvoke($job.Handle)) errors=$($job.Shell.Streams.Error.Count)"
                $job.Shell.Dispose()
            }
            [bool](Get-PcscSimulator)
        }
        # The suite that removed the module closed its own session, and only that one.
        $outcome | Should -Be @(
            'removes=False answers=9000 closedByRemoval=False open=True errors=0'
            'removes=True answers=9000 closedByRemoval=True open=True errors=0'
            $true)
    }
}
