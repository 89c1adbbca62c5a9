<#
.SYNOPSIS
    Runs every PcscTools benchmark against its baseline in the same run and writes out/bench/results.md and results.json.
.DESCRIPTION
    All rows run on the project's private pcscd with vpcd readers and the virtual cards, served by the card server
    (CardServer/, built here): every card and the daemon run in processes of their own, which no measured client
    shares. The C baselines in Baselines/ are compiled here with gcc against libpcsclite; they and pyscard run as
    child processes pointed at the same daemon (PCSCLITE_CSOCK_NAME). A row is Real when measured through the cmdlets,
    Missing when it could not be measured.
    Run through `./build.sh Bench` (or build.ps1 Bench), which builds the module first.
.PARAMETER Quick
    Few repetitions and events: checks that every row runs, not how fast.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/bench'),
    [ValidateRange(1, 100)] [int] $Repetitions = 5,
    [ValidateRange(1, 100000)] [int] $ApduCount = 10000,
    [ValidateRange(1, 1000)] [int] $InsertionTrials = 40,
    [ValidateRange(1, 100)] [int] $ImportRepetitions = 12,
    [ValidateRange(1, 1000)] [int] $ProtocolCalls = 30,
    [ValidateRange(0, 100000)] [int] $WatchEvents = 10000,
    [ValidateRange(2, 16)] [int] $WatchReaders = 14,
    # Events before the start sample: JIT, tiered recompilation, PowerShell's script compilation and the GC's first growth happen here.
    [ValidateRange(1, 100000)] [int] $WatchWarmUp = 1500,
    [ValidateRange(1, 1000)] [int] $PersonalisationCards = 40,
    # Cards of 200 APDUs each reader sends per repetition in the 16-reader row.
    [ValidateRange(1, 1000)] [int] $ManyReaderCards = 5,
    # Run only the rows whose script name matches (e.g. ApduRoundTrip); all by default.
    [string[]] $Row = '*',
    [switch] $Quick
)

$ErrorActionPreference = 'Stop'
$started = [DateTime]::UtcNow
$clock = [Diagnostics.Stopwatch]::StartNew()
if ($Quick) {
    $Repetitions = 2; $ApduCount = 500; $InsertionTrials = 3; $ImportRepetitions = 2; $ProtocolCalls = 5; $WatchEvents = 200; $WatchWarmUp = 100; $PersonalisationCards = 5; $ManyReaderCards = 1
}
$ModulePath = (Resolve-Path $ModulePath).Path
$OutputPath = [IO.Path]::GetFullPath($OutputPath)
Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot 'BenchTools/BenchTools.psm1') -Force

$python = '/usr/bin/python3'
& $python -c 'import smartcard' 2>$null
if ($LASTEXITCODE -ne 0) { throw "pyscard is missing: apt-get install python3-pyscard (the benchmark uses Debian's $python)." }
$baselines = @{}
foreach ($source in Get-ChildItem (Join-Path $PSScriptRoot 'Baselines') -Filter *.c) {
    $baselines[$source.BaseName] = Build-BenchBaseline -Source $source.FullName -OutputFolder (Join-Path $OutputPath 'bin')
}

$cardServer = Build-BenchCardServer -OutputFolder (Join-Path $OutputPath 'bin/CardServer')
$floorModule = Build-BenchFloorModule -OutputFolder (Join-Path $OutputPath 'bin/FloorModule')

$context = [pscustomobject]@{
    ModulePath           = $ModulePath
    CardServer           = $cardServer
    FloorModule          = $floorModule
    OutputPath           = $OutputPath
    Baselines            = $baselines
    Python               = $python
    PyscardScript        = Join-Path $PSScriptRoot 'Baselines/pyscard_transmit_loop.py'
    Repetitions          = $Repetitions
    ApduCount            = $ApduCount
    InsertionTrials      = $InsertionTrials
    ImportRepetitions    = $ImportRepetitions
    ProtocolCalls        = $ProtocolCalls
    WatchEvents          = $WatchEvents
    WatchReaders         = $WatchReaders
    WatchWarmUp          = $WatchWarmUp
    PersonalisationCards = $PersonalisationCards
    ManyReaderCards      = $ManyReaderCards
}
$run = [ordered]@{
    StartedUtc         = $started.ToString('yyyy-MM-dd HH:mm')
    Processors         = [Environment]::ProcessorCount
    LoadAverageAtStart = Get-BenchLoadAverage
    Kernel             = "Linux $((Get-Content /proc/sys/kernel/osrelease -Raw).Trim())"
    Pcscd              = (& dpkg-query -W -f '${Version}' pcscd 2>$null)
    Compiler           = (& gcc --version | Select-Object -First 1)
    Quick              = [bool]$Quick
    Settings           = $context | Select-Object Repetitions, ApduCount, InsertionTrials, ImportRepetitions, ProtocolCalls, WatchEvents, WatchReaders, WatchWarmUp, PersonalisationCards, ManyReaderCards
}

# The order of the table in the issue.
$patterns = $Row -split ','   # pwsh -File passes a list as one string.
$rowScripts = 'ApduRoundTrip', 'ModuleImport', 'InsertionLatency', 'ProtocolTest', 'WatchMemory', 'ParallelPersonalisation', 'SixteenReaders', 'SecureChannel' |
    Where-Object { $name = $_; $patterns | Where-Object { $name -like $_ } }
$rows = foreach ($script in $rowScripts) {
    $rowClock = [Diagnostics.Stopwatch]::StartNew()
    Write-Host "bench: $script ..."
    try {
        & (Join-Path $PSScriptRoot "Rows/$script.ps1") -Context $context
    }
    catch {
        Write-Warning "bench: $script failed: $_"
        New-MissingBenchRow -Id $script -Title $script -Reason "The row failed: $_"
    }
    Write-Host ("bench: {0} took {1:0} s" -f $script, $rowClock.Elapsed.TotalSeconds)
}
$run.DurationSeconds = [math]::Round($clock.Elapsed.TotalSeconds)
Write-BenchReport -Rows @($rows) -Run ([pscustomobject]$run) -Folder $OutputPath
Write-Host "bench: wrote $(Join-Path $OutputPath 'results.md') and results.json in $($run.DurationSeconds) s"
