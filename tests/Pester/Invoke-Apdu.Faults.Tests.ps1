# Invoke-Apdu when things go wrong on the real stack: pcscd crashing mid-batch and coming back, Ctrl+C, mute cards,
# and PIN redaction on every way out of the module.
BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    $script:simulator = Start-PcscSimulator -NoCard
    $script:first = $simulator.ReaderNames[0]
    # 10,000 distinct commands, numbered in their data, so the card's log shows exactly which ones arrived.
    $script:batch = 0..9999 | ForEach-Object { '80 01 00 00 04 00 00 {0:X2} {1:X2}' -f ($_ -shr 8), ($_ -band 255) }

    function script:New-Card {
        $card = $simulator.InsertCard($first)
        $card.Respond('80 01 00 00 04 ????????', '90 00').Respond('00 20 00 81 *', '63 C2') | Out-Null
        $card
    }

    # Waits, without a fixed sleep, until the condition holds; fails the test after 30 s.
    function script:Wait-Until([scriptblock] $Condition, [string] $What) {
        if (-not [Threading.SpinWait]::SpinUntil([Func[bool]] $Condition, 30000)) { throw "Timed out waiting until $What." }
    }

    # pcscd's threads: one per client context, so this counts the contexts it still serves.
    function script:Get-DaemonThreadCount { (Get-ChildItem "/proc/$($simulator.Daemon.ProcessId)/task").Count }

    # Runs Invoke-Apdu in a second runspace of this process, so that the test can stop it as Ctrl+C does.
    function script:Start-Batch([string[]] $Commands, [hashtable] $Parameters = @{}) {
        $shell = [powershell]::Create()
        $null = $shell.AddScript('param($module, $reader, $commands, $more) Import-Module $module; Invoke-Apdu -Reader $reader -Command $commands @more').
            AddArgument($env:PCSCTOOLS_MODULE_PATH).AddArgument($first).AddArgument($Commands).AddArgument($Parameters)
        [pscustomobject]@{ Shell = $shell; Run = $shell.BeginInvoke() }
    }

    function script:Restore-Stack {
        if ($simulator.Daemon.HasExited) {
            $simulator.RemoveCard($first, $false)
            $simulator.Daemon.Restart()
        }
        else { $simulator.RemoveCard($first) }
    }
}

AfterAll {
    Stop-PcscSimulator
}

Describe 'pcscd killed during a 10,000-APDU batch' {
    AfterEach { Restore-Stack }

    It 'ends with one ResourceUnavailable error; the responses written are exactly the commands the card answered' {
        $card = New-Card
        $killer = Start-ThreadJob -ArgumentList $card, $simulator.Daemon -ScriptBlock {
            param($card, $daemon)
            $null = [Threading.SpinWait]::SpinUntil([Func[bool]] { $card.ReceivedCommands.Count -ge 500 }, 30000)
            $daemon.Kill()
        }
        $responses = [Collections.Generic.List[object]]::new()
        $failure = $null
        try { Invoke-Apdu -Reader $first -Command $batch -ErrorAction Stop | ForEach-Object { $responses.Add($_) } }
        catch { $failure = $_ }
        $killer | Wait-Job -Timeout 30 | Remove-Job -Force

        $failure | Should -Not -BeNullOrEmpty -Because 'a batch cut short must say so'
        $failure.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        "$failure" | Should -Not -Match '0x8010'
        $received = $card.ReceivedCommands
        $responses.Count | Should -BeGreaterOrEqual 499
        $responses.Count | Should -BeLessThan $batch.Count
        $received.Count | Should -BeIn @($responses.Count, ($responses.Count + 1)) -Because 'only the command in flight may have reached the card unanswered'
        $responses | ForEach-Object { "$($_.Command)" } | Should -Be $batch[0..($responses.Count - 1)]
        $received | ForEach-Object { "$_" } | Should -Be $batch[0..($received.Count - 1)]
    }
}

Describe 'pcscd restarted between two calls' {
    AfterEach { Restore-Stack }

    It 'fails the call while pcscd is down, and the next call after the restart works without re-importing' {
        New-Card | Out-Null
        (Invoke-Apdu -Reader $first -Command $batch[0]).StatusWord | Should -Be '9000'
        $simulator.RemoveCard($first, $false)
        $simulator.Daemon.Kill()
        { Invoke-Apdu -Reader $first -Command $batch[1] -ErrorAction Stop } | Should -Throw -ErrorId 'ServiceUnavailable,PcscTools.Module.Commands.InvokeApduCommand'
        $simulator.Daemon.Restart()
        New-Card | Out-Null
        (Invoke-Apdu -Reader $first -Command $batch[1]).StatusWord | Should -Be '9000'
    }
}

Describe 'Ctrl+C (StopProcessing) in Invoke-Apdu' {
    AfterEach { Restore-Stack }

    It 'stops a 10,000-APDU batch, sends nothing more, and leaves no context, session or transaction behind' {
        $card = New-Card
        $threadsBefore = Get-DaemonThreadCount
        $run = Start-Batch $batch
        Wait-Until { $card.ReceivedCommands.Count -ge 200 } 'the batch is under way'
        $run.Shell.Stop()

        $run.Shell.InvocationStateInfo.State | Should -Be 'Stopped'
        $sent = $card.ReceivedCommands.Count
        $sent | Should -BeLessThan $batch.Count
        Wait-Until { (Get-DaemonThreadCount) -le $threadsBefore } 'pcscd serves no context of the stopped batch'
        $context = [PcscTools.Contexts.PcscContext]::Establish()
        try {
            $exclusive = $context.Connect($first, 'Exclusive')
            $exclusive.BeginTransaction()
            $exclusive.Dispose()
        }
        finally { $context.Dispose() }
        $card.ReceivedCommands.Count | Should -Be $sent
        $run.Shell.Dispose()
    }

    It 'stops at once while <What>, and pcscd frees everything once the card <Then>' -ForEach @(
        @{ What = 'a slow card works on a command'; Delay = [TimeSpan]::FromSeconds(6); Then = 'has answered' }
        @{ What = 'the card is silent'; Delay = [TimeSpan]::FromHours(1); Then = 'is taken out' }
    ) {
        $card = New-Card
        $threadsBefore = Get-DaemonThreadCount
        $card.ResponseDelay = $Delay
        $run = Start-Batch $batch[0..9]
        Wait-Until { $card.ReceivedCommands.Count -ge 1 } 'the card has the first command'
        $watch = [Diagnostics.Stopwatch]::StartNew()

        $run.Shell.Stop()

        $run.Shell.InvocationStateInfo.State | Should -Be 'Stopped'
        # Given up after the grace of a fifth of a second, not when the card answers.
        $watch.Elapsed | Should -BeLessThan ([TimeSpan]::FromSeconds(4))
        $card.ReceivedCommands.Count | Should -Be 1
        if ($Then -eq 'is taken out') { $simulator.RemoveCard($first) }
        Wait-Until { (Get-DaemonThreadCount) -le $threadsBefore } 'pcscd serves no context of the stopped batch'
        $run.Shell.Dispose()
    }
}

Describe 'A card that never answers' {
    AfterEach { Restore-Stack }

    It 'holds Invoke-Apdu until the card is removed, which ends it with a NotTransacted error naming the command' {
        $card = New-Card
        $card.ResponseDelay = [TimeSpan]::FromHours(1)
        $run = Start-Batch $batch[0..1]
        Wait-Until { $card.ReceivedCommands.Count -ge 1 } 'the mute card has the first command'
        $simulator.RemoveCard($first)

        Wait-Until { $run.Run.IsCompleted } 'Invoke-Apdu has ended'
        $errors = $run.Shell.Streams.Error
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Match '^NotTransacted,'
        $errors[0].TargetObject | Should -Be $batch[0]
        $run.Shell.Dispose()
    }
}

Describe 'Giving up on a card that does not answer' {
    AfterEach { Restore-Stack }

    It 'ends at -ResponseTimeout with a Timeout error (OperationTimeout) naming the command; what was answered before is written, nothing after is sent' {
        $card = New-Card
        $card.ResponseDelay = [TimeSpan]::FromMilliseconds(300)
        $run = Start-Batch $batch[0..2] @{ ResponseTimeout = 1.5 }
        Wait-Until { $card.ReceivedCommands.Count -ge 1 } 'the card has the first command'
        # The card answers the first command after 300 ms, then falls silent.
        $card.ResponseDelay = [TimeSpan]::FromHours(1)

        Wait-Until { $run.Run.IsCompleted } 'Invoke-Apdu has given up'
        $responses = $run.Shell.EndInvoke($run.Run)
        $responses.Count | Should -Be 1
        "$($responses[0].Command)" | Should -Be $batch[0]
        $errors = $run.Shell.Streams.Error
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Match '^Timeout,'
        $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $errors[0].TargetObject | Should -Be $batch[1]
        "$errors" | Should -Match 'no answer within 1.5 s'
        $card.ReceivedCommands.Count | Should -Be 2
        $run.Shell.Dispose()
    }

    It 'keeps -ResponseTimeout, without a warning, while a thread job of the same process opens and closes files' {
        $null = New-Card
        $busy = Start-ThreadJob { while ($true) { [IO.File]::OpenRead('/dev/null').Dispose() } }
        try {
            Wait-Until { $busy.State -eq 'Running' } 'the thread job runs'
            $warnings = foreach ($i in 1..100) {
                $null = Invoke-Apdu -Reader $first -Command $batch[0] -ResponseTimeout 5 -WarningVariable said -WarningAction SilentlyContinue
                $said
            }
            @($warnings).Count | Should -Be 0
        }
        finally { $busy | Remove-Job -Force }
    }

    It 'lets Ctrl+C end Connect-PcscCard while another program''s transaction holds the card, and leaves no context behind' {
        $null = New-Card
        $holder = Connect-PcscCard -Reader $first
        try {
            $holder.BeginTransaction([TimeSpan]::Zero)
            $threadsBefore = Get-DaemonThreadCount
            $shell = [powershell]::Create()
            $null = $shell.AddScript('param($module, $reader) Import-Module $module; Connect-PcscCard -Reader $reader -Timeout 3600').
                AddArgument($env:PCSCTOOLS_MODULE_PATH).AddArgument($first)
            $connecting = $shell.BeginInvoke()
            Wait-Until { (Get-DaemonThreadCount) -gt $threadsBefore } 'pcscd holds the connect back'
            Start-Sleep -Milliseconds 300

            $shell.Stop()

            $connecting.IsCompleted | Should -BeTrue
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $holder.EndTransaction()
            Wait-Until { (Get-DaemonThreadCount) -le $threadsBefore } 'pcscd serves no context of the stopped connect'
            $shell.Dispose()
        }
        finally { Disconnect-PcscCard $holder }
    }

    It 'ends at -Timeout with SharingViolation (ResourceBusy) while another program''s transaction holds the card, which pcscd would wait for without end' {
        $null = New-Card
        $holder = Connect-PcscCard -Reader $first
        try {
            $holder.BeginTransaction([TimeSpan]::Zero)
            $problem = $null
            try { Invoke-Apdu -Reader $first -Command $batch[0] -Timeout 1 -ErrorAction Stop } catch { $problem = $_ }
            $problem.FullyQualifiedErrorId | Should -Match '^SharingViolation,'
            $problem.CategoryInfo.Category | Should -Be 'ResourceBusy'
            $holder.EndTransaction()
            (Invoke-Apdu -Reader $first -Command $batch[0] -Timeout 1).StatusWord | Should -Be '9000'
        }
        finally { Disconnect-PcscCard $holder }
    }
}

Describe 'PIN redaction on every way out' {
    BeforeAll {
        $script:pin = '31 32 33 34 35 36'
        $script:verify = "00 20 00 81 06 $pin"
        $script:shown = '00 20 00 81 06 ** ** ** ** ** **'
        # Everything a user or a log could see of an object: its formatted list and its CLIXML (as Export-Clixml writes it).
        # Records carry the call's InvocationInfo, whose bound parameters hold what was passed to -Command.
        function script:Get-AllText($Item) {
            ($Item | Format-List * -Force | Out-String -Width 500) + [Management.Automation.PSSerializer]::Serialize($Item, 4)
        }
    }
    AfterEach { Restore-Stack }

    It 'keeps the PIN out of the response, its exchanges, verbose, debug and information output and the session history' {
        New-Card | Out-Null
        $session = Connect-PcscCard $first
        try {
            $all = Invoke-Apdu -Session $session -Command $verify -Verbose -Debug -InformationAction Continue *>&1
            $text = (Get-AllText $all) + (Get-AllText $session.History) + (Get-AllText $session)
            $text | Should -Not -Match $pin
            $text | Should -Match ([regex]::Escape($shown))
        }
        finally { Disconnect-PcscCard $session }
    }

    It 'keeps the PIN out of an unexpected-status error, its exception and $Error' {
        New-Card | Out-Null
        $Error.Clear()
        Invoke-Apdu -Reader $first -Command $verify -ExpectStatus 9000 -ErrorAction SilentlyContinue
        $Error.Count | Should -Be 1
        $text = (Get-AllText $Error[0]) + (Get-AllText $Error[0].Exception) + "$($Error[0])"
        $text | Should -Not -Match $pin
        $text | Should -Match ([regex]::Escape($shown))
    }

    It 'keeps the PIN out of the error of a VERIFY cut short by the card''s removal' {
        $card = New-Card
        $card.ResponseDelay = [TimeSpan]::FromHours(1)
        $run = Start-Batch @($verify)
        Wait-Until { $card.ReceivedCommands.Count -ge 1 } 'the mute card has the VERIFY'
        $simulator.RemoveCard($first)
        Wait-Until { $run.Run.IsCompleted } 'Invoke-Apdu has ended'

        $errors = $run.Shell.Streams.Error
        $errors.Count | Should -Be 1
        $text = (Get-AllText $errors[0]) + (Get-AllText $errors[0].Exception) + "$($errors[0])"
        $text | Should -Not -Match $pin
        $text | Should -Match ([regex]::Escape($shown))
        $run.Shell.Dispose()
    }
}
