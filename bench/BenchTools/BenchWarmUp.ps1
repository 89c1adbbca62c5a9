# Measuring a pwsh in its steady state. The pinned pwsh's assemblies carry no precompiled code, so the runtime compiles
# what a path runs first quickly, then recompiles the hot part optimised (tiered compilation) on a background thread of
# this process, for as long as code keeps getting hot: many seconds of running, not of waiting. A loop timed meanwhile is
# charged with that thread's CPU, so a path is warmed up by running it until the runtime has little left to compile.

function Invoke-BenchWarmUp {
    <#
    .SYNOPSIS
        Runs the paths in turn, round after round, until in one round the runtime spent at most JitShare of the round's
        wall time compiling (at least MinimumRounds, at most TimeoutSeconds); returns the rounds, the seconds and the
        last round's share.
    #>
    param(
        [Parameter(Mandatory)] [scriptblock[]] $Path,
        # Passed to every path.
        [object[]] $ArgumentList = @(),
        [double] $JitShare = 0.03,
        [int] $MinimumRounds = 2,
        [int] $TimeoutSeconds = 25
    )
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $rounds = 0
    do {
        $compiling = [System.Runtime.JitInfo]::GetCompilationTime($false)
        $roundStart = $watch.Elapsed
        foreach ($step in $Path) { $null = & $step @ArgumentList }
        $rounds++
        $share = ([System.Runtime.JitInfo]::GetCompilationTime($false) - $compiling).TotalSeconds / ($watch.Elapsed - $roundStart).TotalSeconds
    } while (($rounds -lt $MinimumRounds -or $share -gt $JitShare) -and $watch.Elapsed.TotalSeconds -lt $TimeoutSeconds)
    [pscustomobject]@{ Rounds = $rounds; Seconds = $watch.Elapsed.TotalSeconds; JitShare = $share }
}

function Measure-BenchJit {
    <#
    .SYNOPSIS
        Runs the script block and returns its output with, added, the milliseconds the runtime spent compiling meanwhile
        (JitMs), so that a report can show what of a timed loop was still the runtime's compiling.
    #>
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock, [object[]] $ArgumentList = @())
    $compiling = [System.Runtime.JitInfo]::GetCompilationTime($false)
    $result = & $ScriptBlock @ArgumentList
    $result | Add-Member -NotePropertyName JitMs -NotePropertyValue ([System.Runtime.JitInfo]::GetCompilationTime($false) - $compiling).TotalMilliseconds -PassThru
}
