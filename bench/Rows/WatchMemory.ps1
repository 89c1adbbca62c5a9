<#
.SYNOPSIS
    Memory while watching: a fresh pwsh runs Watch-PcscCard over every reader while this process inserts and removes
    cards as fast as pcscd reports them, until the watcher has seen the warm-up plus $Context.WatchEvents
    insert/remove events. The watcher reports its own working set at the start (after the warm-up events, so JIT
    and first-use allocations are behind it) and every 1,000 events; the row is the growth over the run.
    pcscd polls vpcd readers every 400 ms, so events come only as fast as readers × 2.5 per second: the row uses
    the most readers one SCardGetStatusChange can watch beside the PnP entry (14 of 16).
#>
param([Parameter(Mandatory)] $Context)

$warmUp = $Context.WatchWarmUp
$total = $warmUp + $Context.WatchEvents
$stack = Start-BenchSimulator -ReaderCount $Context.WatchReaders
$watcher = $null
$pcscContext = $null
try {
    $mode = Get-BenchMode Watch-PcscCard -StandIn 'Core PcscContext.WaitForChange over every reader from a script loop'
    $readerList = ($stack.Readers | ForEach-Object { "'$_'" }) -join ', '
    $count = @"
    `$events++
    if (`$events -eq $warmUp -or `$events -eq $total -or (`$events -gt $warmUp -and (`$events - $warmUp) % 1000 -eq 0)) {
        [Console]::Out.WriteLine(('sample {0} {1} {2}' -f `$events, [Environment]::WorkingSet, [GC]::GetTotalMemory(`$true))); [Console]::Out.Flush()
    }
    if (`$events -eq $total) { [Console]::Out.WriteLine('done'); [Console]::Out.Flush() }
"@
    $watchScript = if ($mode.IsReal) {
        @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($Context.ModulePath)'
`$events = 0
[Console]::Out.WriteLine('ready'); [Console]::Out.Flush()
Watch-PcscCard -Reader $readerList | ForEach-Object {
    if (`$_.Kind -notin 'CardInserted', 'CardRemoved') { return }
$count
}
"@
    }
    else {
        # Provisional until Watch-PcscCard lands: Core's PcscContext.WaitForChange over every reader from a script loop.
        @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($Context.ModulePath)'
Add-Type -Path '$($Context.CoreAssembly)'
`$events = 0
`$context = [PcscTools.Contexts.PcscContext]::Establish()
`$requests = [PcscTools.Readers.ReaderStateRequest[]]@($readerList | ForEach-Object { [PcscTools.Readers.ReaderStateRequest]::new(`$_) })
`$null = `$context.WaitForChange(`$requests, [TimeSpan]::Zero)
`$present = @{}
foreach (`$request in `$requests) { `$present[`$request.ReaderName] = ([PcscTools.Readers.ReaderStateWord]::Flags(`$request.EventState) -band [PcscTools.Readers.ReaderStates]::Present) -ne 0; `$request.Acknowledge() }
[Console]::Out.WriteLine('ready'); [Console]::Out.Flush()
while (`$true) {
    `$null = `$context.WaitForChange(`$requests, `$null)
    foreach (`$request in `$requests) {
        `$now = ([PcscTools.Readers.ReaderStateWord]::Flags(`$request.EventState) -band [PcscTools.Readers.ReaderStates]::Present) -ne 0
        `$request.Acknowledge()
        if (`$now -eq `$present[`$request.ReaderName]) { continue }
        `$present[`$request.ReaderName] = `$now
$count
    }
}
"@
    }
    $pwsh = Get-BenchPwshLauncher
    $watcher = Start-BenchChild $pwsh.FilePath -Arguments ($pwsh.Prefix + '-NoLogo', '-NoProfile', '-NonInteractive', '-Command', $watchScript) -Environment $stack.Environment
    if ((Read-BenchChildLine $watcher -TimeoutSeconds 60) -ne 'ready') { throw 'The watcher did not start.' }
    Start-Sleep -Milliseconds 500

    # Toggle each reader as soon as pcscd reports its last change, so every reader gives an event per poll.
    $pcscContext = [PcscTools.Contexts.PcscContext]::Establish()
    $requests = [PcscTools.Readers.ReaderStateRequest[]]@($stack.Readers | ForEach-Object { [PcscTools.Readers.ReaderStateRequest]::new($_) })
    $null = $pcscContext.WaitForChange($requests, [TimeSpan]::Zero)
    $present = @{}
    foreach ($request in $requests) { $present[$request.ReaderName] = $false; $request.Acknowledge() }
    foreach ($reader in $stack.Readers) { $null = $stack.Simulator.InsertCard($reader, $null, $false) }
    $flips = 0
    $eventClock = [Diagnostics.Stopwatch]::StartNew()
    $samples = [Collections.Generic.List[object]]::new()
    $pending = $watcher.StandardOutput.ReadLineAsync()
    $done = $false
    $deadline = [DateTime]::UtcNow.AddSeconds(60 + $total / 5)
    while (-not $done) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "The watcher saw $(if ($samples) { $samples[-1].Events } else { 0 }) events of $total in time; the host made $flips." }
        if ($pending.IsCompleted) {
            $line = $pending.Result
            if ($null -eq $line) { $null = $watcher.WaitForExit(5000); throw "The watcher exited before the end of the run: $($watcher.ErrorOutput.Result.Trim())" }
            $fields = -split $line
            if ($fields[0] -eq 'sample') { $samples.Add([pscustomobject]@{ Events = [int]$fields[1]; WorkingSetMB = [long]$fields[2] / 1MB; HeapMB = [long]$fields[3] / 1MB }) }
            if ($fields[0] -eq 'done') { $done = $true }
            $pending = $watcher.StandardOutput.ReadLineAsync()
            continue
        }
        if ($flips -ge $total) { $null = $pending.Wait(200); continue }
        if (-not $pcscContext.WaitForChange($requests, [TimeSpan]::FromMilliseconds(200))) { continue }
        foreach ($request in $requests) {
            $now = ([PcscTools.Readers.ReaderStateWord]::Flags($request.EventState) -band [PcscTools.Readers.ReaderStates]::Present) -ne 0
            $request.Acknowledge()
            if ($now -eq $present[$request.ReaderName]) { continue }
            $present[$request.ReaderName] = $now
            $flips++
            if ($flips -ge $total) { continue }
            if ($now) { $stack.Simulator.RemoveCard($request.ReaderName, $false) } else { $null = $stack.Simulator.InsertCard($request.ReaderName, $null, $false) }
        }
        Write-Progress -Activity 'Watching memory' -Status "$flips of $total events" -PercentComplete ([math]::Min(100, 100 * $flips / $total))
    }
    Write-Progress -Activity 'Watching memory' -Completed

    $start = $samples[0].WorkingSetMB
    $end = $samples[-1].WorkingSetMB
    $series = ($samples | ForEach-Object { '{0:0.0}' -f ($_.WorkingSetMB - $start) }) -join ', '
    $note = "$($Context.WatchEvents) insert/remove events over $($stack.Readers.Count) readers after $warmUp warm-up events ($('{0:0}' -f ($total / $eventClock.Elapsed.TotalSeconds)) events/s); growth at the start, every 1,000 events and the end (MB): $series. Managed heap after a full GC: $('{0:0.0}' -f $samples[0].HeapMB) MB at the start, $('{0:0.0}' -f $samples[-1].HeapMB) MB at the end."
    New-BenchRow -Id watch-memory -Title "Memory while watching $($Context.WatchEvents) insert/remove events" -Mode $mode -Unit 'MB' `
        -Subject 'Watch-PcscCard working set' -SubjectValues $end -Baseline 'at the start' -BaselineValues $start `
        -Comparison Difference -Target 'growth ≤ 5 MB' -Meets { param($growth) $growth -le 5 } -Note $note
}
finally {
    Stop-BenchChild $watcher
    if ($pcscContext) { $pcscContext.Dispose() }
    Stop-BenchSimulator
}
