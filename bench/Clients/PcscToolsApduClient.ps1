<#
.SYNOPSIS
    The PcscTools client of the APDU round-trip and SCP03 rows, in a pwsh of its own as the C loop and pyscard run in
    theirs: no card, daemon, baseline or benchmark code shares its process.
.DESCRIPTION
    Reads one request per line on standard input and answers each with one line of JSON:
      warm-up <path>...  runs the paths a hundred times at a few APDUs, then at full size until the runtime has little
                         left to compile (Invoke-BenchWarmUp); answers Rounds, Seconds and JitShare
      <path> <size>      one timed loop of <size> APDUs, connected afresh (untimed) as the C loop and pyscard connect;
                         answers Wall and Cpu in microseconds per APDU and JitMs
    The paths: batch (one Invoke-Apdu call for all), perCall (one Invoke-Apdu call per APDU), floor (one Send-FloorApdu
    call per APDU; needs -FloorModulePath), plain (a batch after -SelectCommand) and channel (a batch inside a secure
    channel opened with -ChannelKey at -ChannelLevel).
    The warm-up runs the very code a timed request runs, answer included. Any code this process meets for the first
    time makes the runtime recompile its own hot code afresh, on a thread of this process, and a loop timed then would
    be charged with it: the benchmark's code between loops did just that while PcscTools ran inside the benchmark.
    Code that runs once per request (connecting, the answer's JSON) is recompiled only after tens of requests, in up to
    three steps (tiered compilation with dynamic PGO), hence the hundred small requests first.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Reader,
    [Parameter(Mandatory)] [string] $Apdu,
    [Parameter(Mandatory)] [int] $Count,
    [string] $FloorModulePath,
    [string] $SelectCommand,
    [string] $ChannelKey,
    [string] $ChannelLevel
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
if ($FloorModulePath) { Import-Module $FloorModulePath }
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

# One Invoke-Apdu call for $Size commands on a session that $Prepare (untimed) makes ready from a new connection.
function Measure-Batch([scriptblock] $Prepare, [int] $Size) {
    $batchCommands = if ($Size -eq $Count) { $commands } else { $commands[0..($Size - 1)] }
    $session = Connect-PcscCard -Reader $Reader
    try {
        $ready = & $Prepare $session
        $clock = Start-Clock
        $null = Invoke-Apdu -Session $ready -Command $batchCommands -ExpectStatus 9000 -ErrorAction Stop
        Stop-Clock $clock $Size
    }
    finally { Disconnect-PcscCard -Session $session }
}

$paths = @{
    batch   = { param([int] $Size) Measure-Batch { param($Session) $Session } $Size }
    plain   = {
        param([int] $Size)
        Measure-Batch { param($Session) $null = Invoke-Apdu -Session $Session -Command $SelectCommand -ExpectStatus 9000; $Session } $Size
    }
    channel = {
        param([int] $Size)
        Measure-Batch { param($Session) Open-PcscSecureChannel -Session $Session -Key $ChannelKey -SecurityLevel $ChannelLevel } $Size
    }
    # The per-call loops are written as a script would write them, in the scope that holds their variables.
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
    $verb, $arguments = $request.Split(' ', 2)
    $answer = if ($verb -eq 'warm-up') {
        $warmed = $arguments.Split(' ')
        for ($round = 0; $round -lt 100; $round++) {
            foreach ($path in $warmed) { $null = Invoke-Request $path 4 }
        }
        Invoke-BenchWarmUp -Path ($warmed | ForEach-Object { $paths[$_] }) -ArgumentList $Count | ConvertTo-Json -Compress
    }
    else {
        Invoke-Request $verb $arguments
    }
    [Console]::Out.WriteLine($answer)
}
