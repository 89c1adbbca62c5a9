<#
.SYNOPSIS
    Where the time of an APDU goes in PcscTools: allocations, threads woken and CPU per APDU on the batch path (one
    Invoke-Apdu call for many APDUs) and the one-call-per-APDU path, measured inside this pwsh against the card server.
.DESCRIPTION
    Starts the benchmark's stack (private pcscd, card server), warms both paths up, then for each one reads, before and
    after the timed loop: the bytes the GC allocated (every thread), the collections, and for every thread of this
    process (/proc/self/task) its CPU time and context switches, so that a thread woken per APDU shows as ~1 switch per
    APDU. For scale, the same loop calling the floor module's Send-FloorApdu (a compiled cmdlet that makes one
    SCardTransmit and nothing else), a trivial compiled cmdlet (Get-Random) and an empty loop are timed too.
    Writes a table; not part of the benchmark's report (see bench/README.md, "Where the time goes").
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/Measure-TransmitPath.ps1 -ModulePath out/PcscTools/PcscTools.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateRange(100, 100000)] [int] $Count = 5000,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/bench'),
    # Measure right after the warm-up, while the runtime may still be recompiling in the background.
    [switch] $NoSettle
)

$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path $ModulePath).Path
Import-Module (Join-Path $PSScriptRoot 'BenchTools/BenchTools.psm1') -Force

function Get-ThreadTimes {
    # Per thread of this process: name, CPU ticks (user+system, in clock ticks) and voluntary context switches (the
    # thread blocked, to be woken later; involuntary ones only say the machine is busy).
    $threads = @{}
    foreach ($task in Get-ChildItem /proc/self/task -Directory) {
        try {
            $stat = [IO.File]::ReadAllText("$($task.FullName)/stat")
            $status = [IO.File]::ReadAllText("$($task.FullName)/status")
        }
        catch [System.IO.IOException] { continue }   # The thread ended meanwhile.
        $fields = $stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')
        $threads[$task.Name] = [pscustomobject]@{
            Name     = [IO.File]::ReadAllText("$($task.FullName)/comm").Trim()
            Ticks    = [long]$fields[11] + [long]$fields[12]
            Switches = [long][regex]::Match($status, 'voluntary_ctxt_switches:\s+(\d+)').Groups[1].Value
        }
    }
    $threads
}

function Measure-Path {
    param([string] $Name, [scriptblock] $Loop, [int] $Apdus)
    [GC]::Collect()
    $threadsBefore = Get-ThreadTimes
    $allocated = [GC]::GetTotalAllocatedBytes($true)
    $collections = [GC]::CollectionCount(0)
    $cpu = [Environment]::CpuUsage.TotalTime
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $Loop
    $wall = $watch.Elapsed.TotalMicroseconds
    $cpuUs = ([Environment]::CpuUsage.TotalTime - $cpu).TotalMicroseconds
    $bytes = [GC]::GetTotalAllocatedBytes($true) - $allocated
    $gen0 = [GC]::CollectionCount(0) - $collections
    $threadsAfter = Get-ThreadTimes
    $busy = foreach ($id in $threadsAfter.Keys) {
        $before = $threadsBefore[$id]
        $switches = $threadsAfter[$id].Switches - $(if ($before) { $before.Switches } else { 0 })
        $ticks = $threadsAfter[$id].Ticks - $(if ($before) { $before.Ticks } else { 0 })
        if ($switches / $Apdus -ge 0.01 -or $ticks -gt 0) {
            '{0} ({1}): {2:0.00} switches, {3:0.0} µs CPU' -f $threadsAfter[$id].Name, $id, ($switches / $Apdus), ($ticks * 1e4 / $Apdus)
        }
    }
    [pscustomobject]@{
        Path           = $Name
        'Wall µs'      = [math]::Round($wall / $Apdus, 1)
        'CPU µs'       = [math]::Round($cpuUs / $Apdus, 1)
        'Bytes alloc.' = [math]::Round($bytes / $Apdus)
        'Gen0 GCs'     = $gen0
        'Threads (per APDU)' = $busy -join '; '
    }
}

$cardServer = Build-BenchCardServer -OutputFolder (Join-Path ([IO.Path]::GetFullPath($OutputPath)) 'bin/CardServer')
Import-Module (Build-BenchFloorModule -OutputFolder (Join-Path ([IO.Path]::GetFullPath($OutputPath)) 'bin/FloorModule'))
$stack = $null
try {
    $stack = Start-BenchSimulator -ReaderCount 2 -CardServer $cardServer
    $reader = $stack.Readers[0]
    $null = Add-BenchCard $stack $reader
    $apdu = '0084000008'
    $commands = [string[]]@(, $apdu * $Count)
    $session = Connect-PcscCard -Reader $reader
    $floorCard = Connect-FloorCard -Reader $reader
    $apduBytes = [Convert]::FromHexString($apdu)
    try {
        $batch = { $null = Invoke-Apdu -Session $session -Command $commands -ExpectStatus 9000 }
        $perCall = { for ($i = 0; $i -lt $Count; $i++) { $null = Invoke-Apdu -Session $session -Command $apdu -ExpectStatus 9000 } }
        $batchWithLimit = { $null = Invoke-Apdu -Session $session -Command $commands -ExpectStatus 9000 -ResponseTimeout 5 }
        $perCallBare = { for ($i = 0; $i -lt $Count; $i++) { $null = Invoke-Apdu -Session $session -Command $apdu } }
        $floor = { for ($i = 0; $i -lt $Count; $i++) { $null = Send-FloorApdu -Card $floorCard -Command $apduBytes } }
        $trivial = { for ($i = 0; $i -lt $Count; $i++) { $null = Get-Random -Maximum 10 } }
        $empty = { for ($i = 0; $i -lt $Count; $i++) { $null = $i } }
        # Until the runtime has little left to recompile (tiered compilation): that thread's CPU would otherwise be
        # counted as the path's. -NoSettle shows it.
        $paths = $batch, $batchWithLimit, $perCall, $perCallBare, $floor, $trivial
        $settled = Invoke-BenchWarmUp -Path $paths -MinimumRounds 1 -TimeoutSeconds $(if ($NoSettle) { 0 } else { 60 })
        Write-Host ('Warmed up for {0:0.0} s ({1} rounds); the last round spent {2:0.0} % of its time compiling' -f $settled.Seconds, $settled.Rounds, (100 * $settled.JitShare))
        $results = @(
            Measure-Path 'Invoke-Apdu, one call for all' $batch $Count
            Measure-Path 'Invoke-Apdu, one call for all, -ResponseTimeout 5' $batchWithLimit $Count
            Measure-Path 'Invoke-Apdu, one call per APDU' $perCall $Count
            Measure-Path 'Invoke-Apdu, one call per APDU, no -ExpectStatus' $perCallBare $Count
            Measure-Path 'Send-FloorApdu, one call per APDU (the floor: one SCardTransmit)' $floor $Count
            Measure-Path 'Get-Random, one call per iteration (no APDU)' $trivial $Count
            Measure-Path 'empty loop (no APDU)' $empty $Count
        )
        $results | Format-List | Out-String -Width 200
    }
    finally { Disconnect-PcscCard -Session $session }
}
finally {
    Stop-BenchSimulator $stack
}
