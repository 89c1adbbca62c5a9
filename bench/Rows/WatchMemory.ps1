<#
.SYNOPSIS
    Memory while watching: a fresh pwsh runs Watch-PcscCard over every reader while the card server inserts and removes
    cards as fast as pcscd reports them, until the watcher has seen the warm-up plus $Context.WatchEvents
    insert/remove events. The watcher reports its own working set at the start (after the warm-up events, so JIT
    and first-use allocations are behind it) and every 1,000 events; the row is the growth over the run. Each sample
    is taken after a full garbage collection, so that it does not depend on how far the GC's allocation budget
    happens to be filled with garbage (several MB, reclaimed by the next collection); the note splits the working
    set into anonymous memory (heaps), file pages (mapped assemblies) and shared memory (.NET's JIT code, which it
    maps twice).
    pcscd polls vpcd readers every 400 ms, so events come only as fast as readers × 2.5 per second: the row uses
    the most readers one SCardGetStatusChange can watch beside the PnP entry (14 of 16).
#>
param([Parameter(Mandatory)] $Context)

$warmUp = $Context.WatchWarmUp
$total = $warmUp + $Context.WatchEvents
$stack = $null
$watcher = $null
$pcscContext = $null
try {
    $stack = Start-BenchSimulator -ReaderCount $Context.WatchReaders -CardServer $Context.CardServer
    $readerList = ($stack.Readers | ForEach-Object { "'$_'" }) -join ', '
    $count = @"
    `$events++
    if (`$events -eq $warmUp -or `$events -eq $total -or (`$events -gt $warmUp -and (`$events - $warmUp) % 1000 -eq 0)) {
        `$heap = [GC]::GetTotalMemory(`$true)
        `$status = [IO.File]::ReadAllText('/proc/self/status')
        `$kB = foreach (`$field in 'RssAnon', 'RssFile', 'RssShmem') { [regex]::Match(`$status, "`${field}:\s+(\d+)").Groups[1].Value }
        [Console]::Out.WriteLine(('sample {0} {1} {2} {3} {4} {5}' -f `$events, [Environment]::WorkingSet, `$heap, `$kB[0], `$kB[1], `$kB[2])); [Console]::Out.Flush()
    }
    if (`$events -eq $total) { [Console]::Out.WriteLine('done'); [Console]::Out.Flush() }
"@
    $watchScript = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($Context.ModulePath)'
`$events = 0
[Console]::Out.WriteLine('ready'); [Console]::Out.Flush()
Watch-PcscCard -Reader $readerList | ForEach-Object {
    if (`$_.Kind -notin 'CardInserted', 'CardRemoved') { return }
$count
}
"@
    $pwsh = Get-BenchPwshLauncher
    $watcher = Start-BenchChild $pwsh.FilePath -Arguments ($pwsh.Prefix + '-NoLogo', '-NoProfile', '-NonInteractive', '-Command', $watchScript) -Environment $stack.Environment
    if ((Read-BenchChildLine $watcher -TimeoutSeconds 60) -ne 'ready') { throw 'The watcher did not start.' }
    Start-Sleep -Milliseconds 500

    # Toggle each reader as soon as pcscd reports its last change, so every reader gives an event per poll.
    $pcscContext = [PcscTools.Contexts.PcscContext]::Establish()
    $requests = [PcscTools.Interop.ReaderStateRequest[]]@($stack.Readers | ForEach-Object { [PcscTools.Interop.ReaderStateRequest]::new($_) })
    $null = $pcscContext.WaitForChange($requests, [TimeSpan]::Zero)
    $present = @{}
    foreach ($request in $requests) { $present[$request.ReaderName] = $false; $request.Acknowledge() }
    foreach ($reader in $stack.Readers) { $null = Add-BenchCard $stack $reader -NoWait }
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
            if ($fields[0] -eq 'sample') {
                $samples.Add([pscustomobject]@{
                        Events = [int]$fields[1]; WorkingSetMB = [long]$fields[2] / 1MB; HeapMB = [long]$fields[3] / 1MB
                        AnonymousMB = [long]$fields[4] / 1KB; FileMB = [long]$fields[5] / 1KB; SharedMB = [long]$fields[6] / 1KB
                    })
            }
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
            $null = if ($now) { Remove-BenchCard $stack $request.ReaderName -NoWait } else { Add-BenchCard $stack $request.ReaderName -NoWait }
        }
        Write-Progress -Activity 'Watching memory' -Status "$flips of $total events" -PercentComplete ([math]::Min(100, 100 * $flips / $total))
    }
    Write-Progress -Activity 'Watching memory' -Completed

    $start = $samples[0].WorkingSetMB
    $end = $samples[-1].WorkingSetMB
    $series = ($samples | ForEach-Object { '{0:0.0}' -f ($_.WorkingSetMB - $start) }) -join ', '
    $note = "$($Context.WatchEvents) insert/remove events over $($stack.Readers.Count) readers after $warmUp warm-up events ($('{0:0}' -f ($total / $eventClock.Elapsed.TotalSeconds)) events/s); growth at the start, every 1,000 events and the end (MB): $series. Managed heap: $('{0:0.0}' -f $samples[0].HeapMB) MB at the start, $('{0:0.0}' -f $samples[-1].HeapMB) MB at the end. Growth of anonymous memory $('{0:+0.0;-0.0}' -f ($samples[-1].AnonymousMB - $samples[0].AnonymousMB)) MB, file pages $('{0:+0.0;-0.0}' -f ($samples[-1].FileMB - $samples[0].FileMB)) MB, shared memory $('{0:+0.0;-0.0}' -f ($samples[-1].SharedMB - $samples[0].SharedMB)) MB."
    New-BenchRow -Id watch-memory -Title "Memory while watching $($Context.WatchEvents) insert/remove events" -Unit 'MB' `
        -Subject 'Watch-PcscCard working set' -SubjectValues $end -Baseline 'at the start' -BaselineValues $start `
        -Comparison Difference -Target 'growth ≤ 5 MB' -Meets { param($growth) $growth -le 5 } -Note $note
}
finally {
    Stop-BenchChild $watcher
    if ($pcscContext) { $pcscContext.Dispose() }
    Stop-BenchSimulator $stack
}
