BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-TestDoubles
    $script:simulator = Start-PcscSimulator -NoCard
    $script:first, $script:second = $simulator.ReaderNames
    $script:atr = '3B 80 80 01 01'

    # A watch running in a runspace of its own, so this thread can insert and remove cards meanwhile.
    # $Command receives the parameters; by default it is Watch-PcscCard itself.
    function Start-BackgroundWatch([hashtable] $Parameters = @{}, [string] $Command = 'param($p) Watch-PcscCard @p') {
        $shell = [powershell]::Create()
        $thread = [hashtable]::Synchronized(@{})
        $null = $shell.AddScript({
                param($module, $parameters, $thread, $command)
                # The OS thread that runs the watch ("<pid>/task/<tid>"), to check later that it has ended.
                $thread.Task = (Get-Item /proc/thread-self).LinkTarget
                Import-Module $module
                & ([scriptblock]::Create($command)) $parameters
            }).AddArgument($env:PCSCTOOLS_MODULE_PATH).AddArgument($Parameters).AddArgument($thread).AddArgument($Command)
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $handle = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        [pscustomobject]@{ Shell = $shell; Output = $output; Handle = $handle; Thread = $thread }
    }

    # Waits until the watch has written $Count objects (or fails after 10 s).
    function Wait-WatchOutput($watch, [int] $Count) {
        $deadline = [datetime]::UtcNow.AddSeconds(10)
        while ($watch.Output.Count -lt $Count) {
            if ([datetime]::UtcNow -gt $deadline) {
                throw "The watch wrote $($watch.Output.Count) of $Count objects in 10 s. Errors: $($watch.Shell.Streams.Error)"
            }
            Start-Sleep -Milliseconds 10
        }
    }

    # pcscd's client connections (one per PC/SC context): its Unix sockets that /proc/net/unix lists as not listening.
    function Get-DaemonClientCount {
        $connected = Get-Content /proc/net/unix | Select-Object -Skip 1 | ForEach-Object {
            $fields = -split $_
            if ($fields[3] -ne '00010000') { "socket:[$($fields[6])]" }
        }
        $set = [Collections.Generic.HashSet[string]]::new([string[]]@($connected))
        @(Get-ChildItem "/proc/$($simulator.Daemon.ProcessId)/fd" | Where-Object { $set.Contains("$($_.LinkTarget)") }).Count
    }

    function Wait-NoDaemonClient {
        $deadline = [datetime]::UtcNow.AddSeconds(5)
        while ((Get-DaemonClientCount) -ne 0 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 10 }
        Get-DaemonClientCount
    }

    function Test-ThreadAlive([string] $task) {
        $deadline = [datetime]::UtcNow.AddSeconds(5)
        while ((Test-Path "/proc/$task") -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 10 }
        Test-Path "/proc/$task"
    }

    # The reports pcsc_scan prints (one per reader change), parsed into reader, event number, state and ATR.
    function ConvertFrom-PcscScan([string] $text) {
        $pattern = ' Reader \d+: (?<reader>.+)\n  Event number: (?<number>\d+)\n  Card state: (?<state>Card (inserted|removed)), *\n(  ATR: (?<atr>[0-9A-F ]+)\n)?'
        foreach ($match in [regex]::Matches($text, $pattern)) {
            [pscustomobject]@{
                Reader      = $match.Groups['reader'].Value
                EventNumber = [int]$match.Groups['number'].Value
                Kind        = $match.Groups['state'].Value -replace ' ', ''
                Atr         = $match.Groups['atr'].Value.Trim()
            }
        }
    }
}

AfterAll {
    Stop-PcscSimulator
}

Describe 'Watch-PcscCard on the real stack (libpcsclite -> pcscd -> vpcd -> virtual card)' {
    Context 'reporting changes' {
        It 'reports insertions and removals in both slots in order, with readers, ATRs and event numbers, as pcsc_scan does' {
            $log = Join-Path ([IO.Path]::GetTempPath()) "pcsc_scan-$([guid]::NewGuid()).txt"
            $scan = Start-Process -FilePath pcsc_scan -ArgumentList '-n' -RedirectStandardOutput $log -PassThru
            $watch = Start-BackgroundWatch @{ IncludeCurrent = $true }
            try {
                Wait-WatchOutput $watch 2
                $deadline = [datetime]::UtcNow.AddSeconds(10)
                while (([regex]::Matches((Get-Content $log -Raw -ErrorAction Ignore) ?? '', 'Card state')).Count -lt 2 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }

                $simulator.InsertCard($first) | Out-Null; Wait-WatchOutput $watch 3
                $simulator.InsertCard($second) | Out-Null; Wait-WatchOutput $watch 4
                $simulator.RemoveCard($first); Wait-WatchOutput $watch 5
                $simulator.RemoveCard($second); Wait-WatchOutput $watch 6
                while (([regex]::Matches((Get-Content $log -Raw), 'Card state')).Count -lt 6 -and [datetime]::UtcNow -lt $deadline.AddSeconds(10)) { Start-Sleep -Milliseconds 20 }
            }
            finally {
                $watch.Shell.Stop()
                $scan | Stop-Process
                $scan.WaitForExit()
            }
            $events = @($watch.Output)
            $expected = @(
                "CardRemoved $first  True", "CardRemoved $second  True",
                "CardInserted $first $atr False", "CardInserted $second $atr False",
                "CardRemoved $first  False", "CardRemoved $second  False")
            $events | ForEach-Object { "$($_.Kind) $($_.Reader) $($_.Atr) $($_.IsInitial)" } | Should -Be $expected
            $events[2].EventNumber | Should -Be ($events[0].EventNumber + 1)
            $events[4].EventNumber | Should -Be ($events[0].EventNumber + 2)

            $reported = @(ConvertFrom-PcscScan (Get-Content $log -Raw))
            Remove-Item $log
            $reported.Count | Should -Be 6 -Because 'pcsc_scan saw the same six states'
            $events | ForEach-Object { "$($_.Reader)|$($_.EventNumber)|$($_.Kind)|$($_.Atr)" } |
                Should -Be ($reported | ForEach-Object { "$($_.Reader)|$($_.EventNumber)|$($_.Kind)|$($_.Atr)" })
        }

        It 'watches only the readers named by -Reader (wildcards) or piped from Get-PcscReader' {
            $watch = Start-BackgroundWatch @{ Reader = '*00 01'; IncludeCurrent = $true }
            $piped = Start-BackgroundWatch @{ Name = $second } 'param($p) Get-PcscReader @p | Watch-PcscCard -IncludeCurrent'
            try {
                Wait-WatchOutput $watch 1
                Wait-WatchOutput $piped 1
                $simulator.InsertCard($first) | Out-Null
                $simulator.InsertCard($second) | Out-Null
                Wait-WatchOutput $watch 2
                Wait-WatchOutput $piped 2
            }
            finally {
                $watch.Shell.Stop()
                $piped.Shell.Stop()
                $simulator.RemoveCard($first)
                $simulator.RemoveCard($second)
            }
            @($watch.Output) | ForEach-Object { "$($_.Kind) $($_.Reader)" } | Should -Be @("CardRemoved $second", "CardInserted $second")
            @($piped.Output) | ForEach-Object { "$($_.Kind) $($_.Reader)" } | Should -Be @("CardRemoved $second", "CardInserted $second")
        }

        It 'shows TimeStamp, Kind, Reader and Atr in its default table' {
            $simulator.InsertCard($first) | Out-Null
            try { $table = Watch-PcscCard -Reader $first -IncludeCurrent -Count 1 | Format-Table | Out-String -Width 200 }
            finally { $simulator.RemoveCard($first) }
            $table | Should -Match 'TimeStamp\s+Kind\s+Reader\s+Atr'
            $table | Should -Match ('\d\d:\d\d:\d\d\.\d{3}\s+CardInserted\s+' + [regex]::Escape($first) + '\s+3B 80 80 01 01')
        }

        It 'completes reader names for -Reader' {
            $line = 'Watch-PcscCard -Reader PcscTools'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @("'$first'", "'$second'")
        }
    }

    Context 'stopping promptly and leaving nothing behind' {
        BeforeAll {
            # Warm up: the first watch loads code and starts thread-pool threads that later watches reuse.
            Watch-PcscCard -Timeout 0.1
            Wait-NoDaemonClient | Should -Be 0
        }

        It 'stops after -Count events' {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $events = Watch-PcscCard -IncludeCurrent -Count 1
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 1
            @($events).Count | Should -Be 1
            $events.Reader | Should -Be $first
            Wait-NoDaemonClient | Should -Be 0
        }

        It 'stops after -Timeout seconds, quietly' {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $events = Watch-PcscCard -Timeout 0.3 -ErrorVariable problems
            $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.3
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 1.3
            $events | Should -BeNullOrEmpty
            $problems | Should -BeNullOrEmpty
            Wait-NoDaemonClient | Should -Be 0
        }

        It 'stops when Select-Object -First has what it needs' {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $events = Watch-PcscCard -IncludeCurrent | Select-Object -First 2
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 1
            $events.Reader | Should -Be @($first, $second)
            Wait-NoDaemonClient | Should -Be 0
        }

        It 'stops on Ctrl+C (StopProcessing) while blocked in the wait, and leaves no thread or context behind' {
            $watch = Start-BackgroundWatch @{ IncludeCurrent = $true }
            Wait-WatchOutput $watch 2
            Get-DaemonClientCount | Should -Be 1 -Because 'the watch holds one context while it waits'
            Test-Path "/proc/$($watch.Thread.Task)" | Should -BeTrue
            Start-Sleep -Milliseconds 200   # make sure it is blocked in SCardGetStatusChange
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $watch.Shell.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 1
            $watch.Shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $watch.Shell.Dispose()
            Wait-NoDaemonClient | Should -Be 0
            $watch.Thread.Task | Should -Match '^\d+/task/\d+$'
            Test-ThreadAlive $watch.Thread.Task | Should -BeFalse -Because 'the thread that ran the watch has ended'
        }
    }

    Context 'in the background' {
        It 'works in Start-ThreadJob' {
            $job = Start-ThreadJob { Import-Module $using:env:PCSCTOOLS_MODULE_PATH; Watch-PcscCard -Reader $using:first -IncludeCurrent -Count 2 }
            try {
                $deadline = [datetime]::UtcNow.AddSeconds(10)
                while ($job.Output.Count -lt 1 -and $job.State -in 'NotStarted', 'Running' -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 10 }
                $job.Output.Count | Should -Be 1 -Because "the job first reports the empty reader (job state $($job.State), errors: $($job.Error))"
                $simulator.InsertCard($first) | Out-Null
                $events = $job | Wait-Job -Timeout 10 | Receive-Job
            }
            finally {
                $job | Remove-Job -Force
                $simulator.RemoveCard($first)
            }
            $events | ForEach-Object { "$($_.Kind) $($_.Atr)" } | Should -Be @('CardRemoved ', "CardInserted $atr")
        }

        It 'works in Start-Job (another process, reaching the same pcscd)' {
            $job = Start-Job { Import-Module $using:env:PCSCTOOLS_MODULE_PATH; Watch-PcscCard -IncludeCurrent -Count 2 }
            try { $events = $job | Wait-Job -Timeout 30 | Receive-Job }
            finally { $job | Remove-Job -Force }
            $events | ForEach-Object { "$($_.Kind) $($_.Reader)" } | Should -Be @("CardRemoved $first", "CardRemoved $second")
        }

        It 'works in ForEach-Object -Parallel, one reader per thread' {
            $events = $first, $second | ForEach-Object -Parallel {
                Import-Module $env:PCSCTOOLS_MODULE_PATH
                Watch-PcscCard -Reader $_ -IncludeCurrent -Count 1
            } -ThrottleLimit 2
            ($events.Reader | Sort-Object) | Should -Be @($first, $second)
        }
    }

    Context 'when pcscd goes away' {
        It 'ends with a terminating ServiceLost error that names the socket, without -Reconnect' {
            $watch = Start-BackgroundWatch @{ IncludeCurrent = $true }
            try {
                Wait-WatchOutput $watch 2
                $simulator.Daemon.Kill()
                $finished = $watch.Handle.AsyncWaitHandle.WaitOne(5000)
            }
            finally { $simulator.Daemon.Restart() }
            $finished | Should -BeTrue
            $watch.Shell.Streams.Error.Count | Should -Be 1
            $failure = $watch.Shell.Streams.Error[0]
            $failure.FullyQualifiedErrorId | Should -Be 'ServiceLost,PcscTools.Module.Commands.WatchPcscCardCommand'
            $failure.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $failure.TargetObject | Should -Be $simulator.SocketPath
            "$failure" | Should -Match '-Reconnect'
        }

        It 'with -Reconnect reports ServiceLost, waits, reports ServiceRestored and goes on watching' {
            $watch = Start-BackgroundWatch @{ IncludeCurrent = $true; Reconnect = $true }
            try {
                Wait-WatchOutput $watch 2
                $simulator.Daemon.Stop()
                Wait-WatchOutput $watch 3
                $simulator.Daemon.Restart()
                Wait-WatchOutput $watch 4
                $simulator.InsertCard($first) | Out-Null
                Wait-WatchOutput $watch 5
            }
            finally {
                $watch.Shell.Stop()
                $simulator.RemoveCard($first)
            }
            @($watch.Output)[2..4] | ForEach-Object { "$($_.Kind) $($_.Reader)".Trim() } |
                Should -Be @('ServiceLost', 'ServiceRestored', "CardInserted $first")
            $watch.Shell.Streams.Error | Should -BeNullOrEmpty
        }

        It 'with -Reconnect, stops with one clear error when the pcscd that comes back refuses this client (emulated: SECURITY_VIOLATION)' {
            $watch = Start-BackgroundWatch @{ IncludeCurrent = $true; Reconnect = $true }
            # A listener that closes every connection once the client's request has arrived, as pcscd does to a client polkit refuses.
            $refusing = [PcscTools.TestDoubles.EmulatedPcscDaemon]::Start('2.5.1', 'ClosesAfterRequest')
            try {
                Wait-WatchOutput $watch 2
                $simulator.Daemon.Stop()
                Wait-WatchOutput $watch 3
                $null = New-Item -ItemType SymbolicLink -Path $simulator.SocketPath -Target $refusing.SocketPath
                $finished = $watch.Handle.AsyncWaitHandle.WaitOne(10000)
            }
            finally {
                $watch.Shell.Stop()
                Remove-Item $simulator.SocketPath -ErrorAction Ignore
                $refusing.Dispose()
                $simulator.Daemon.Restart()
            }
            $finished | Should -BeTrue
            @($watch.Output)[2..($watch.Output.Count - 1)].Kind | Should -Be @('ServiceLost')
            $watch.Shell.Streams.Error.Count | Should -Be 1
            $failure = $watch.Shell.Streams.Error[0]
            $failure.FullyQualifiedErrorId | Should -Be 'AccessDenied,PcscTools.Module.Commands.WatchPcscCardCommand'
            $failure.CategoryInfo.Category | Should -Be PermissionDenied
            "$failure" | Should -BeLike "*refused this process*SCARD_W_SECURITY_VIOLATION*"
        }

        It 'with -Reconnect reports readers gone and new when pcscd comes back with another configuration' {
            $before = $simulator.ReaderNames
            $watch = Start-BackgroundWatch @{ Reconnect = $true; IncludeCurrent = $true }
            try {
                Wait-WatchOutput $watch 2
                $simulator.Daemon.Restart(2)   # two vpcd entries: four readers, all with new names
                $after = $simulator.ReaderNames
                Wait-WatchOutput $watch 10
            }
            finally {
                $watch.Shell.Stop()
                $simulator.Daemon.Restart(1)
            }
            $expected = @('ServiceLost', 'ServiceRestored') + @($before | ForEach-Object { "ReaderRemoved $_" }) + @($after | ForEach-Object { "ReaderAdded $_" })
            @($watch.Output)[2..9] | ForEach-Object { "$($_.Kind) $($_.Reader)".Trim() } | Should -Be $expected
            $simulator.ReaderNames | Should -Be $before
        }
    }
}

Describe 'Watch-PcscCard when no pcscd is there' {
    It 'fails at once with ServiceUnavailable' {
        $missing = Join-Path ([IO.Path]::GetTempPath()) "no-pcscd-$([guid]::NewGuid())/pcscd.comm"
        $outcome = Invoke-IsolatedPwsh -Environment @{ PCSCLITE_CSOCK_NAME = $missing } -ScriptBlock {
            try { Watch-PcscCard -Reconnect; 'no error' } catch { $_.FullyQualifiedErrorId }
        }
        $outcome | Should -Be 'ServiceUnavailable,PcscTools.Module.Commands.WatchPcscCardCommand'
    }
}
