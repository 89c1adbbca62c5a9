<#
.SYNOPSIS
    The PcscTools client of the APDU round-trip row, in a pwsh of its own as the C loop and pyscard run in theirs: no
    card, daemon, baseline or benchmark code shares its process.
.DESCRIPTION
    Reads one request per line on standard input and answers each with one line of JSON:
      warm-up          runs every path a hundred times at a few APDUs, then at full size until the runtime has little
                       left to compile (Invoke-BenchWarmUp); answers Rounds, Seconds and JitShare
      <path> <size>    one timed loop of <size> APDUs, connected afresh (untimed) as the C loop and pyscard connect:
                       batch (one Invoke-Apdu call for all), perCall (one Invoke-Apdu call per APDU) or floor (one
                       Send-FloorApdu call per APDU); answers Wall and Cpu in microseconds per APDU and JitMs
    The warm-up runs the very code a timed request runs, answer included. Any code this process meets for the first
    time makes the runtime recompile its own hot code afresh, on a thread of this process, and a loop timed then would
    be charged with it: the benchmark's code between loops did just that while PcscTools ran inside the benchmark.
    Code that runs once per request (connecting, the answer's JSON) is recompiled only after tens of requests, in up to
    three steps (tiered compilation with dynamic PGO), hence the hundred small requests first.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $FloorModulePath,
    [Parameter(Mandatory)] [string] $Reader,
    [Parameter(Mandatory)] [string] $Apdu,
    [Parameter(Mandatory)] [int] $Count
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath, $FloorModulePath
Import-Module (Join-Path $PSScriptRoot '../BenchTools/BenchTools.psm1')

$commands = [string[]]@(, $Apdu * $Count)
$apduBytes = [Convert]::FromHexString($Apdu)
# The wall time and this process's own CPU time (user+system, every thread: Environment.CpuUsage, which is getrusage,
# as the C loop and pyscard read theirs) from Start-Clock to Stop-Clock, in microseconds per APDU.
function Start-Clock { [pscustomobject]@{ Cpu = [Environment]::CpuUsage.TotalTime; Watch = [Diagnostics.Stopwatch]::StartNew() } }
function Stop-Clock($Clock, [int] $Size) {
    $wall = $Clock.Watch.Elapsed.TotalMicroseconds
    [pscustomobject]@{ Wall = $wall / $Size; Cpu = ([Environment]::CpuUsage.TotalTime - $Clock.Cpu).TotalMicroseconds / $Size }
}

# Each times one loop of $Size APDUs, connected afresh (untimed) as the C loop and pyscard connect.
$paths = @{
    batch   = {
        param([int] $Size)
        $batchCommands = if ($Size -eq $Count) { $commands } else { $commands[0..($Size - 1)] }
        $session = Connect-PcscCard -Reader $Reader
        try {
            $clock = Start-Clock
            $null = Invoke-Apdu -Session $session -Command $batchCommands -ExpectStatus 9000 -ErrorAction Stop
            Stop-Clock $clock $Size
        }
        finally { Disconnect-PcscCard -Session $session }
    }
    perCall = {
        param([int] $Size)
        $session = Connect-PcscCard -Reader $Reader
        try {
            $clock = Start-Clock
            for ($i = 0; $i -lt $Size; $i++) {
                $null = Invoke-Apdu -Session $session -Command $Apdu -ExpectStatus 9000 -ErrorAction Stop
            }
            Stop-Clock $clock $Size
        }
        finally { Disconnect-PcscCard -Session $session }
    }
    floor   = {
        param([int] $Size)
        $card = Connect-FloorCard -Reader $Reader
        $clock = Start-Clock
        for ($i = 0; $i -lt $Size; $i++) {
            $null = Send-FloorApdu -Card $card -Command $apduBytes -ErrorAction Stop
        }
        Stop-Clock $clock $Size
    }
}

function Invoke-Request([string] $Path, [int] $Size) {
    (Measure-BenchJit $paths[$Path] $Size) | ConvertTo-Json -Compress
}

while ($null -ne ($request = [Console]::In.ReadLine())) {
    $path, $size = -split $request
    $answer = if ($path -eq 'warm-up') {
        for ($round = 0; $round -lt 100; $round++) {
            foreach ($each in 'batch', 'perCall', 'floor') { $null = Invoke-Request $each 4 }
        }
        Invoke-BenchWarmUp -Path { Invoke-Request batch $Count }, { Invoke-Request perCall $Count }, { Invoke-Request floor $Count } |
            ConvertTo-Json -Compress
    }
    else {
        Invoke-Request $path $size
    }
    [Console]::Out.WriteLine($answer)
}
