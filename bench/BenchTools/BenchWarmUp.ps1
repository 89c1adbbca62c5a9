# Measuring a pwsh in its steady state. After a path's first runs, the runtime keeps recompiling hot code on a
# background thread (tiered compilation) for seconds, minutes on a busy machine; that thread's CPU belongs to this
# process, so a loop timed meanwhile is charged with it, and its CPU per APDU comes out twice what it is.

function Wait-BenchJitQuiet {
    <#
    .SYNOPSIS
        Waits until the runtime has compiled no method for QuietMilliseconds (at most TimeoutSeconds); returns the
        seconds waited and the methods compiled meanwhile.
    #>
    param([int] $QuietMilliseconds = 1000, [int] $TimeoutSeconds = 60)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $first = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
    $last = $first
    $quietSince = $watch.ElapsedMilliseconds
    while ($watch.ElapsedMilliseconds - $quietSince -lt $QuietMilliseconds -and $watch.Elapsed.TotalSeconds -lt $TimeoutSeconds) {
        Start-Sleep -Milliseconds 100
        $count = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
        if ($count -ne $last) { $last = $count; $quietSince = $watch.ElapsedMilliseconds }
    }
    [pscustomobject]@{ Seconds = $watch.Elapsed.TotalSeconds; Methods = $last - $first }
}
