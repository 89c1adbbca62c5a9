<#
.SYNOPSIS
    Card insertion → event: Watch-PcscCard in a fresh pwsh and the C program blocked in SCardGetStatusChange watch
    the same reader at the same time; the card server inserts the card (the virtual card connecting to vpcd) and
    stamps the moment of the TCP connect. Both watchers stamp the event with CLOCK_MONOTONIC (Stopwatch on Linux),
    so each insertion gives one latency per watcher and their paired difference. pcscd finds a vpcd card by polling
    every 400 ms, which both latencies share; the difference is what each client adds.
#>
param([Parameter(Mandatory)] $Context)

$trials = $Context.InsertionTrials
$warmUp = 3
$stack = $null
$c = $null
$watcher = $null
try {
    $stack = Start-BenchSimulator -ReaderCount 2 -CardServer $Context.CardServer
    $reader = $stack.Readers[0]
    $c = Start-BenchChild $Context.Baselines.status_change_waiter -Arguments $reader, (2 * ($warmUp + $trials)) -Environment $stack.Environment
    if ((Read-BenchChildLine $c) -ne 'ready') { throw 'The C waiter did not start.' }

    # The watcher prints "ready" once it is watching, then "inserted <ns>" / "removed <ns>" per event. The stamp is the
    # first thing the pipeline does with an event, as the C waiter's is the first thing after SCardGetStatusChange returns.
    $watchScript = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($Context.ModulePath)'
[Console]::Out.WriteLine('ready'); [Console]::Out.Flush()
Watch-PcscCard -Reader '$reader' | ForEach-Object {
    `$stamp = [Diagnostics.Stopwatch]::GetTimestamp()
    `$kind = switch (`$_.Kind) { 'CardInserted' { 'inserted' } 'CardRemoved' { 'removed' } default { return } }
    [Console]::Out.WriteLine(('{0} {1}' -f `$kind, `$stamp)); [Console]::Out.Flush()
}
"@
    $pwsh = Get-BenchPwshLauncher
    $watcher = Start-BenchChild $pwsh.FilePath -Arguments ($pwsh.Prefix + '-NoLogo', '-NoProfile', '-NonInteractive', '-Command', $watchScript) -Environment $stack.Environment
    if ((Read-BenchChildLine $watcher -TimeoutSeconds 60) -ne 'ready') { throw 'The PcscTools watcher did not start.' }
    # "ready" is printed just before the watch blocks; one poll period lets it settle into SCardGetStatusChange.
    Start-Sleep -Milliseconds 500

    $toolsLatency = [Collections.Generic.List[double]]::new()
    $cLatency = [Collections.Generic.List[double]]::new()
    $firstDifferences = [Collections.Generic.List[double]]::new()
    # The first insertions run code the watcher has not run yet (JIT, PowerShell's compilation of the ForEach-Object block):
    # they are reported in the note, apart from the steady state the target is about.
    for ($trial = -$warmUp; $trial -lt $trials; $trial++) {
        Write-Progress -Activity 'Insertion latency' -Status "insertion $($trial + $warmUp + 1) of $($trials + $warmUp)" -PercentComplete (100 * ($trial + $warmUp) / ($trials + $warmUp))
        foreach ($expected in 'inserted', 'removed') {
            $connectedAt = if ($expected -eq 'inserted') { Add-BenchCard $stack $reader -NoWait } else { Remove-BenchCard $stack $reader -NoWait }
            $cEvent = -split (Read-BenchChildLine $c)
            $toolsEvent = -split (Read-BenchChildLine $watcher)
            if ($cEvent[0] -ne $expected -or $toolsEvent[0] -ne $expected) { throw "Expected '$expected' from both watchers, got '$cEvent' and '$toolsEvent'." }
            if ($expected -ne 'inserted') { continue }
            if ($trial -lt 0) { $firstDifferences.Add(([long]$toolsEvent[1] - [long]$cEvent[1]) / 1e6); continue }
            $cLatency.Add(([long]$cEvent[1] - $connectedAt) / 1e6)
            $toolsLatency.Add(([long]$toolsEvent[1] - $connectedAt) / 1e6)
        }
    }
    Write-Progress -Activity 'Insertion latency' -Completed

    $note = ('Latency from the virtual card''s TCP connect to the event; it includes pcscd''s 400 ms vpcd polling, shared by both watchers on each insertion, so the paired difference is the comparison. ' +
        "The watcher's first $warmUp insertions, left out: {0} ms over C." -f (($firstDifferences | ForEach-Object { '{0:+0.00;-0.00}' -f $_ }) -join ', '))
    New-BenchRow -Id insertion-latency -Title 'Card insertion → event' -Unit 'ms' `
        -Subject 'Watch-PcscCard' -SubjectValues $toolsLatency -Baseline 'C SCardGetStatusChange' -BaselineValues $cLatency `
        -Comparison Difference -Target '≤ +1 ms over C' -Meets { param($difference) $difference -le 1 } -Note $note
}
finally {
    Stop-BenchChild $c
    Stop-BenchChild $watcher
    Stop-BenchSimulator $stack
}
