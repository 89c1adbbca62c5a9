BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
}

# In a pwsh of its own, started without the variable, so that only what the session sets can point it at a daemon.
Describe '$env:PCSCLITE_CSOCK_NAME set inside a session' {
    It 'reaches the daemon it names, and a wrong one gives an error that names the socket used, and back again' {
        $outcome = Invoke-IsolatedPwsh -Environment @{ PCSCLITE_CSOCK_NAME = $null } -ScriptBlock {
            Add-Type -Path (Join-Path (Split-Path (Get-Command Get-PcscReader).DLL) 'PcscTools.Simulator.dll')
            $daemon = [PcscTools.Simulator.Daemon.PrivatePcscDaemon]::Start(1, 'Named By The Session', $false)
            try {
                $env:PCSCLITE_CSOCK_NAME = $daemon.SocketPath
                try { @(Get-PcscReader | ForEach-Object Name) -join ',' } catch { "$_" }
                $env:PCSCLITE_CSOCK_NAME = '/nowhere/pcscd.comm'
                try { Get-PcscReader } catch { $problem = $_ }
                $problem.FullyQualifiedErrorId
                $problem.TargetObject
                $problem.ErrorDetails.Message
                $env:PCSCLITE_CSOCK_NAME = $daemon.SocketPath
                try { @(Get-PcscReader | ForEach-Object Name) -join ',' } catch { "$_" }
            }
            finally { $daemon.Dispose() }
        }
        $outcome[0] | Should -Be 'Named By The Session 00 00,Named By The Session 00 01'
        $outcome[1] | Should -BeLike 'ServiceUnavailable,*'
        $outcome[2] | Should -Be '/nowhere/pcscd.comm'
        # The message and the diagnosis in it speak of the same socket, the one the call went to.
        $outcome[3] | Should -BeLike "*not available at '/nowhere/pcscd.comm'*"
        $outcome[3] | Should -BeLike "*no pcscd socket at '/nowhere/pcscd.comm'*"
        $outcome[4] | Should -Be $outcome[0]
    }
}
