# PcscTools over PowerShell remoting (SSH): a private sshd on loopback whose powershell subsystem runs the pinned pwsh,
# pointed (sshd's SetEnv) at this process's simulator, so the test sees both sides of every call.

BeforeDiscovery {
    $script:isRoot = (& id -u) -eq '0'
}

BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'SshTestHost.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestDoubles
    Stop-PcscSimulator
    $script:simulator = Start-PcscSimulator
    $script:first = $simulator.ReaderNames[0]
    $script:second = $simulator.ReaderNames[1]
    $script:sshHost = Start-TestSshHost -SocketPath $simulator.SocketPath
    $client = Get-TestSshClient
    $script:connection = @{ HostName = $sshHost.HostName; KeyFilePath = $client.KeyFilePath; Options = $client.Options }
    # Sessions take about a second to open: one serves every test here.
    $script:session = New-PSSession @connection
    Invoke-Command $session { Import-Module $using:env:PCSCTOOLS_MODULE_PATH }

    function script:Invoke-Remote([scriptblock] $ScriptBlock, [object[]] $ArgumentList = @()) {
        Invoke-Command -Session $session -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList -HideComputerName
    }

    # Waits, without a fixed sleep, until the condition holds; fails the test after 30 s.
    function script:Wait-Until([scriptblock] $Condition, [string] $What) {
        if (-not [Threading.SpinWait]::SpinUntil([Func[bool]] $Condition, 30000)) { throw "Timed out waiting until $What." }
    }

    # pcscd's threads: one per client context, so this counts the contexts it still serves (the remote ones included).
    function script:Get-DaemonThreadCount { (Get-ChildItem "/proc/$($simulator.Daemon.ProcessId)/task").Count }

    # The remote pwsh of the session: its process and its threads, as the remote host sees them.
    $script:remotePid = Invoke-Remote { $PID }
}

AfterAll {
    if ($session) { Remove-PSSession $session }
    if ($sshHost) { Stop-TestSshHost $sshHost }
    Remove-TestSshClient
    Stop-PcscSimulator
}

Describe 'Objects from a remote session' -Skip:(-not $isRoot) {
    BeforeDiscovery {
        # Each case makes objects of one output type on the remote host; $first names its first reader.
        $script:cases = @(
            @{ Type = 'PcscTools.Readers.PcscReader'; Make = { Get-PcscReader } }
            @{ Type = 'PcscTools.Bytes.HexBytes'; Make = { (Get-PcscReader)[0].Atr } }
            @{ Type = 'PcscTools.Monitoring.CardEvent'; Make = { Watch-PcscCard -IncludeCurrent -Count 2 } }
            @{ Type = 'PcscTools.Apdu.ResponseApdu'; Make = { Invoke-Apdu -Reader $first -Command '00 A4 04 00 0A F0 50 43 53 43 54 4F 4F 4C 53 00', '00 A4 00 0C 02 3F 99' } }
            @{ Type = 'PcscTools.Apdu.ApduExchange'; Make = { (Invoke-Apdu -Reader $first -Command '00 A4 04 00 0A F0 50 43 53 43 54 4F 4F 4C 53 00').Exchanges } }
            @{ Type = 'PcscTools.Apdu.CommandApdu'; Make = { New-PcscApdu 0x00 0xA4 0x04 0x0C -Data 'F0 50 43 53 43 54 4F 4F 4C 53'; New-PcscApdu -Verify -Reference 0x81 -Pin (ConvertTo-SecureString '1234' -AsPlainText -Force) } }
            @{ Type = 'PcscTools.Sessions.CardSession'; Make = { Connect-PcscCard -Reader $first } }
            @{ Type = 'PcscTools.PcscdProtocol.ProtocolReport'; Make = { Test-PcscProtocol } }
            @{ Type = 'PcscTools.Simulator.VirtualCard.VirtualCard'; Make = { New-PcscVirtualCard -ChainResponses -Response ([ordered]@{ '80 CA 9F 7F 00' = '9F 7F 02 01 02 90 00'; '80 CA *' = '6A 88' }) } }
            @{ Type = 'PcscTools.Atr.AtrAnalysis'; Make = { ConvertFrom-PcscAtr '3B DA 18 FF 81 B1 FE 75 1F 03 00 31 C5 73 C0 01 40 00 90 00 0C' } }
            @{ Type = 'PcscTools.Atr.AtrInterfaceGroup'; Make = { (ConvertFrom-PcscAtr '3B DA 18 FF 81 B1 FE 75 1F 03 00 31 C5 73 C0 01 40 00 90 00 0C').InterfaceGroups } }
            @{ Type = 'PcscTools.Module.Readers.ReaderAttributeValue'; Make = { [PcscTools.Module.Readers.ReaderAttributeValue]::new($first, 'VendorName', [Text.Encoding]::ASCII.GetBytes('PcscTools')) } }
            @{ Type = 'PcscTools.Tlv.TlvObject'; Make = { ConvertFrom-PcscTlv '6F 10 84 08 A0 00 00 01 51 00 00 00 A5 04 9F 65 01 FF', '70 03 5A 01' -WarningAction Ignore } }
            @{ Type = 'PcscTools.Tlv.DgiRecord'; Make = { ConvertFrom-PcscTlv -Dgi '0101 03 010203 9F65 01 FF' } }
            @{ Type = 'PcscTools.GlobalPlatform.GpRegistryEntry'; Make = { $card = Connect-PcscCard $first; try { $card | Open-PcscSecureChannel -WarningAction Ignore | Get-PcscGpStatus } finally { Disconnect-PcscCard $card } } }
            @{ Type = 'PcscTools.SecureChannel.SecureChannel'; Make = { Connect-PcscCard $first | Open-PcscSecureChannel -WarningAction Ignore } }
            @{ Type = 'PcscTools.GlobalPlatform.GpCardData'; Make = { $card = Connect-PcscCard $first; try { Get-PcscGpCardData -Session $card } finally { Disconnect-PcscCard $card } } }
            # The remote pwsh holds a card meanwhile, so that it is one of the clients.
            @{ Type = 'PcscTools.Access.PcscClient'; Make = { $card = Connect-PcscCard $first; try { Get-PcscClient } finally { Disconnect-PcscCard $card } } }
            @{ Type = 'PcscTools.Tracing.PcscCall'; Make = { Trace-PcscCall pcsc_scan '-n', '-c' -CaptureOutput -WarningAction Ignore } }
            @{ Type = 'PcscTools.Tracing.PcscCallSummary'; Make = { Trace-PcscCall pcsc_scan '-n', '-c' -CaptureOutput -Summary -WarningAction Ignore } }
        )
    }

    BeforeAll {
        # Makes the objects on the remote host, kept there live, and returns them here, deserialised, less the
        # properties remoting adds to every object (which views that list all properties show, as for any remote object).
        function script:Get-RemoteObject([scriptblock] $Make) {
            $received = Invoke-Remote { param($make, $first) $global:made = & ([scriptblock]::Create($make)); $global:made } -ArgumentList "$Make", $first
            foreach ($object in $received) {
                foreach ($added in 'PSComputerName', 'PSShowComputerName', 'RunspaceId') { $object.PSObject.Properties.Remove($added) }
            }
            $received
        }
    }

    AfterEach { Invoke-Remote { $global:made | ForEach-Object { if ($_ -is [PcscTools.SecureChannel.SecureChannel]) { $_.Session } else { $_ } } | Where-Object { $_ -is [PcscTools.Sessions.CardSession] } | Disconnect-PcscCard } }

    It 'prints a <Type> here as the remote host prints it (its default view, Format-List, and Format-Table where it has a table view)' -ForEach $cases {
        $received = Get-RemoteObject $Make
        $received | Should -Not -BeNullOrEmpty
        $received[0].PSObject.TypeNames[0] | Should -Be "Deserialized.$Type"
        # A type without a table view gets PowerShell's automatic table, which aligns a deserialised value by what it carries.
        $tableView = (Get-FormatData -TypeName $Type).FormatViewDefinition.Control | Where-Object { $_ -is [System.Management.Automation.TableControl] }
        foreach ($format in @('Write-Output', 'Format-List') + @(if ($tableView) { 'Format-Table' })) {
            $there = Invoke-Remote { param($format) $global:made | & $format | Out-String -Width 250 } -ArgumentList $format
            $received | & $format | Out-String -Width 250 | Should -Be $there -Because "$format of a deserialised $Type must show what the live one shows"
        }
    }

    It 'covers every output type of the module''s cmdlets that is the module''s own' -TestCases @{ Covered = @($cases.Type) } {
        $outputTypes = Get-Command -Module PcscTools -CommandType Cmdlet | ForEach-Object { $_.OutputType.Type } |
            Where-Object { $_ -and $_.FullName -like 'PcscTools.*' } | ForEach-Object FullName | Sort-Object -Unique
        # The simulator object cannot be asked of a session whose pcscd is another host's; its case is below.
        $outputTypes | Where-Object { $_ -notin $Covered -and $_ -ne 'PcscTools.Simulator.PcscSimulator' } | Should -BeNullOrEmpty
    }

    It 'prints a simulator started on the remote host as that host prints it' {
        # A session of its own: its pwsh must not have reached another pcscd before Start-PcscSimulator points it at its own.
        $simulatorSession = New-PSSession @connection
        try {
            $received = Invoke-Command $simulatorSession -HideComputerName {
                Import-Module $using:env:PCSCTOOLS_MODULE_PATH
                $global:made = Start-PcscSimulator
                $global:made
            }
            $there = Invoke-Command $simulatorSession { $global:made | Format-List | Out-String -Width 250 }
            $received.PSObject.TypeNames[0] | Should -Be 'Deserialized.PcscTools.Simulator.PcscSimulator'
            $there | Should -Match 'Cards\s+: PcscTools Virtual Reader 00 00'
            ($received | Format-List | Out-String -Width 250) | Should -Be $there
        }
        finally {
            Invoke-Command $simulatorSession { Stop-PcscSimulator }
            Remove-PSSession $simulatorSession
        }
    }

    It 'converts a reader to the same JSON as here, hex as hex' {
        $remote = Invoke-Remote { Get-PcscReader } | Select-Object Name, CardPresent, Atr, EventCount | ConvertTo-Json -Compress
        $local = Get-PcscReader | Select-Object Name, CardPresent, Atr, EventCount | ConvertTo-Json -Compress
        $remote | Should -Be $local
        ($remote | ConvertFrom-Json)[0].Atr.Hex | Should -Be '3B80800101'
    }

    It 'keeps the bytes of every exchange of a response readable as hex' {
        $response = Invoke-Remote { param($reader) Invoke-Apdu -Reader $reader -Command '00 A4 04 00 0A F0 50 43 53 43 54 4F 4F 4C 53 00' } -ArgumentList $first
        $response.Data.Hex | Should -Be '62088002000082020121'
        "$($response.Exchanges[0].Response)" | Should -Be '62 08 80 02 00 00 82 02 01 21 90 00'
        $response.Exchanges[0].Elapsed | Should -BeOfType [timespan]
        $response.Exchanges[0].Command.Bytes.Hex | Should -Be '00A404000AF050435343544F4F4C5300'
    }

    It 'names reader state flags and event kinds by name, which compare and expand as names' {
        $remote = (Invoke-Remote { Get-PcscReader })[0].State
        $remote | Should -BeOfType [string]
        $remote | Should -Be (Get-PcscReader)[0].State.ToString()
        $events = Invoke-Remote { Watch-PcscCard -IncludeCurrent -Count 2 }
        @($events | Where-Object Kind -EQ 'CardInserted').Count | Should -Be 1
        "$($events[0].Kind)" | Should -Be 'CardInserted'
    }
}

Describe 'Invoke-Apdu on a remote host' -Skip:(-not $isRoot) {
    It 'sends a batch and returns one response per command, judged by Should -HaveStatusWord here' {
        $responses = Invoke-Remote { param($reader)
            Invoke-Apdu -Reader $reader -Command '00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53', '00 A4 02 0C 02 01 01', '00 D6 00 00 02 CA FE', '00 B0 00 00 02'
        } -ArgumentList $first
        $responses.Count | Should -Be 4
        $responses | Should -HaveStatusWord 9000
        $responses[3] | Should -HaveResponseData 'CA FE'
        $responses[3] | Should -HaveStatusWord 9000 -Data 'CA FE'
        $responses[3] | Should -Not -HaveStatusWord 6A82
    }

    It 'says what a deserialised response got when Should -HaveStatusWord fails' {
        $response = Invoke-Remote { param($reader) Invoke-Apdu -Reader $reader -Command '00 A4 00 0C 02 3F 99' } -ArgumentList $first
        { $response | Should -HaveStatusWord 9000 } | Should -Throw -ExpectedMessage "*got 6A82 (*not found*) for command 00 A4 00 0C 02 3F 99 on '$first'*"
    }

    It 'keeps -ExpectStatus: the responses that match, one error for the one that does not' {
        $responses = Invoke-Command -Session $session { param($reader) Invoke-Apdu -Reader $reader -Command '00 A4 00 0C 02 3F 00', '00 A4 00 0C 02 3F 99' -ExpectStatus 9000 } -ArgumentList $first -ErrorVariable failures -ErrorAction SilentlyContinue
        @($responses).Count | Should -Be 1
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'UnexpectedStatusWord,PcscTools.Module.Commands.InvokeApduCommand'
    }
}

Describe 'Errors from a remote host' -Skip:(-not $isRoot) {
    BeforeAll {
        # The error as it arrives here, beside the same command's error run here, for the parts that must survive.
        function script:Get-RemoteAndLocalError([scriptblock] $Command, [object[]] $ArgumentList) {
            Invoke-Command -Session $session -ScriptBlock $Command -ArgumentList $ArgumentList -ErrorVariable remote -ErrorAction SilentlyContinue | Out-Null
            $local = try { $ErrorActionPreference = 'Stop'; & $Command @ArgumentList } catch { $_ }
            [pscustomobject]@{
                Remote = $remote | Select-Object -Last 1
                Local  = $local | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | Select-Object -Last 1
            }
        }
    }

    It 'keeps the id, category, target and recommended action of a <Name> error' -ForEach @(
        @{ Name = 'SharingViolation'; Category = 'ResourceBusy'; Command = { param($reader) Invoke-Apdu -Reader $reader -Command '00 A4 00 0C 02 3F 00' -ShareMode Exclusive -Timeout 0.3 } }
        @{ Name = 'UnexpectedStatusWord'; Category = 'ProtocolError'; Command = { param($reader) Invoke-Apdu -Reader $reader -Command '00 A4 00 0C 02 3F 99' -ExpectStatus 9000 } }
        @{ Name = 'ReaderNotFound'; Category = 'ObjectNotFound'; Command = { param($reader) Get-PcscReader -Name "$reader (no such reader)" } }
    ) {
        $holder = if ($Name -eq 'SharingViolation') { Connect-PcscCard -Reader $first -ShareMode Exclusive }
        try { $errors = Get-RemoteAndLocalError $Command $first }
        finally { if ($holder) { Disconnect-PcscCard $holder } }
        $errors.Local | Should -Not -BeNullOrEmpty
        $errors.Remote.FullyQualifiedErrorId | Should -BeLike "$Name,*"
        $errors.Remote.FullyQualifiedErrorId | Should -Be $errors.Local.FullyQualifiedErrorId
        $errors.Remote.CategoryInfo.Category | Should -Be $Category
        "$($errors.Remote.TargetObject)" | Should -Be "$($errors.Local.TargetObject)"
        $errors.Remote.ErrorDetails.RecommendedAction | Should -Be $errors.Local.ErrorDetails.RecommendedAction
        $errors.Remote.Exception.Message | Should -Be $errors.Local.Exception.Message
    }

    It 'keeps an AccessDenied error of a pcscd that refuses this user (emulated: closes the connection, as pcscd does when polkit refuses), reached by setting $env:PCSCLITE_CSOCK_NAME in the remote script block; the reason names the SSH session' {
        # Started here; the remote pwsh (same machine, same user) reaches its socket when the script block names it.
        $refusing = [PcscTools.TestDoubles.EmulatedPcscDaemon]::Start('2.5.1', 'ClosesAfterRequest')
        $command = {
            param($socket)
            $previous = $env:PCSCLITE_CSOCK_NAME
            $env:PCSCLITE_CSOCK_NAME = $socket
            try {
                # The report is output, the refusal an error: both are compared.
                Test-PcscProtocol | Select-Object Status, Message, Remedy, SocketPath
                Get-PcscReader
            }
            finally { $env:PCSCLITE_CSOCK_NAME = $previous }
        }
        try {
            $remoteReport = Invoke-Command -Session $session -ScriptBlock $command -ArgumentList $refusing.SocketPath -ErrorVariable remoteErrors -ErrorAction SilentlyContinue
            # Get-PcscReader ends with the refusal (a terminating error here; remoting reports it as an error record).
            $localOutput = try { & $command $refusing.SocketPath } catch { $_ }
        }
        finally { $refusing.Dispose() }
        $localErrors = @($localOutput | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $localReport = $localOutput | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }
        $remote = $remoteErrors | Select-Object -Last 1
        $local = $localErrors | Select-Object -Last 1
        @($remoteErrors).Count | Should -Be 1
        @($localErrors).Count | Should -Be 1
        $remote.FullyQualifiedErrorId | Should -Be 'AccessDenied,PcscTools.Module.Commands.GetPcscReaderCommand'
        $remote.FullyQualifiedErrorId | Should -Be $local.FullyQualifiedErrorId
        $remote.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $remote.CategoryInfo.Category | Should -Be $local.CategoryInfo.Category
        "$($remote.TargetObject)" | Should -Be $refusing.SocketPath -Because 'the remote session followed $env:PCSCLITE_CSOCK_NAME to the refusing daemon'
        "$($remote.TargetObject)" | Should -Be "$($local.TargetObject)"
        $remote.ErrorDetails.RecommendedAction | Should -Be $local.ErrorDetails.RecommendedAction
        $remote.ErrorDetails.RecommendedAction | Should -Match ([regex]::Escape('subject.user == "root"'))
        $remote.Exception.Message | Should -Be $local.Exception.Message
        $remote.Exception.Message | Should -Match 'SCARD_W_SECURITY_VIOLATION from SCardEstablishContext'
        # The message says why this process is likely refused: the remote one is in an SSH session, this one is not.
        $reason = ' Likely why: (?<reason>.+?)\. pcscd''s default polkit policy'
        $remoteReason = [regex]::Match($remote.ErrorDetails.Message, $reason).Groups['reason'].Value
        $localReason = [regex]::Match($local.ErrorDetails.Message, $reason).Groups['reason'].Value
        $localReason | Should -Not -BeNullOrEmpty
        $remoteReason | Should -BeLike 'this is an SSH session, and polkit counts only active local (desktop or console) sessions*'
        if (-not $env:SSH_CONNECTION -and -not $env:SSH_CLIENT -and -not $env:SSH_TTY) { $localReason | Should -Not -Match 'SSH' }
        $sameReason = ' Likely why: …. pcscd''s default polkit policy'
        ($remote.ErrorDetails.Message -replace $reason, $sameReason) | Should -Be ($local.ErrorDetails.Message -replace $reason, $sameReason)
        $remote.ErrorDetails.Message | Should -Match "^pcscd refused this process \(user 'root'\) through polkit"
        # Test-PcscProtocol's report of the same daemon is the same both sides (NoAnswer where pkcheck cannot confirm the
        # refusal, as here; AccessDenied, with the refusal's message and its likely reason, where it can).
        $remoteReport.Status | Should -Be $localReport.Status
        "$($remoteReport.SocketPath)" | Should -Be $refusing.SocketPath
        ($remoteReport.Message -replace $reason, $sameReason) | Should -Be ($localReport.Message -replace $reason, $sameReason)
        if ("$($remoteReport.Status)" -eq 'NoAnswer') { $remoteReport.Message | Should -Match '\(from PCSCLITE_CSOCK_NAME\)' }
        $remoteReport.Remedy | Should -Be $localReport.Remedy
        # The remote session switched daemons through $env: the refusing one above (its socket as the target, its
        # SECURITY_VIOLATION), and back to its own pcscd (sshd's SetEnv) once the variable is restored.
        (Invoke-Remote { Get-PcscReader }).Count | Should -Be 2
    }

    It 'keeps a Timeout error of -ResponseTimeout (OperationTimeout, the command as target)' {
        $card = $simulator.InsertCard($second)
        try {
            $card.ResponseDelay = [TimeSpan]::FromHours(1)
            Invoke-Command -Session $session { param($reader) Invoke-Apdu -Reader $reader -Command '00 B0 00 00 02' -ResponseTimeout 0.5 } -ArgumentList $second -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { $simulator.RemoveCard($second) }
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'Timeout,PcscTools.Module.Commands.InvokeApduCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        "$($failures[0].TargetObject)" | Should -Be '00 B0 00 00 02'
        $failures[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }
}

Describe 'Stopping a remote command' -Skip:(-not $isRoot) {
    It 'ends a remote Watch-PcscCard on Stop-Job within a second, and pcscd serves none of its contexts after' {
        $before = Get-DaemonThreadCount
        $job = Invoke-Command -Session $session -AsJob { Watch-PcscCard -IncludeCurrent }
        Wait-Until { $job.ChildJobs[0].Output.Count -ge 2 } 'the remote watch reports the readers'
        Start-Sleep -Milliseconds 200   # blocked in SCardGetStatusChange
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $job | Stop-Job
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 1
        $job.State | Should -Be 'Stopped'
        $job | Remove-Job
        Wait-Until { (Get-DaemonThreadCount) -le $before } 'pcscd serves no context of the stopped watch'
        (Invoke-Remote { Get-PcscReader }).Count | Should -Be 2 -Because 'the session goes on working'
    }

    It 'ends a long remote Invoke-Apdu batch on Stop-Job within a second; nothing more reaches the card' {
        $card = $simulator.InsertCard($second)
        try {
            $card.Respond('80 01 00 00 04 ????????', '90 00') | Out-Null
            $before = Get-DaemonThreadCount
            $job = Invoke-Command -Session $session -AsJob -ArgumentList $second {
                param($reader)
                Invoke-Apdu -Reader $reader -Command (0..9999 | ForEach-Object { '80 01 00 00 04 00 00 {0:X2} {1:X2}' -f ($_ -shr 8), ($_ -band 255) })
            }
            Wait-Until { $card.ReceivedCommands.Count -ge 200 } 'the batch is under way'
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $job | Stop-Job
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 1
            $job | Remove-Job
            $sent = $card.ReceivedCommands.Count
            $sent | Should -BeLessThan 10000
            Wait-Until { (Get-DaemonThreadCount) -le $before } 'pcscd serves no context of the stopped batch'
            $card.ReceivedCommands.Count | Should -Be $sent
        }
        finally { $simulator.RemoveCard($second) }
    }

    It 'stops a remote watch by its own -Count (Select-Object -First here does not stop the remote pipeline)' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $events = Invoke-Remote { Watch-PcscCard -IncludeCurrent -Count 2 }
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        $events.Reader | Should -Be @($first, $second)
    }
}
