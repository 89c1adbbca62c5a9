<#
.SYNOPSIS
    Test-PcscProtocol against the live private pcscd, warm, call by call; beside it, libpcsclite's own version
    exchange (a C SCardEstablishContext + SCardReleaseContext) measured in the same run.
#>
param([Parameter(Mandatory)] $Context)

$title = 'Test-PcscProtocol against the live daemon (warm)'
$target = '≤ 50 ms warm'
$stack = $null
try {
    $stack = Start-BenchSimulator -ReaderCount 2 -CardServer $Context.CardServer
    $calls = $Context.ProtocolCalls
    $c = Invoke-BenchChild $Context.Baselines.context_loop -Arguments $calls -Environment $stack.Environment | ConvertFrom-Json
    $cTimes = [double[]]($c.samplesNs | ForEach-Object { $_ / 1e6 })
    foreach ($warmUp in 1..3) { $null = Test-PcscProtocol -SocketPath $stack.Simulator.SocketPath }
    $times = [Collections.Generic.List[double]]::new()
    $report = $null
    for ($call = 0; $call -lt $calls; $call++) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $report = Test-PcscProtocol -SocketPath $stack.Simulator.SocketPath
        $times.Add($watch.Elapsed.TotalMilliseconds)
    }
    if (-not $report.Compatible) { throw "Test-PcscProtocol reported the private pcscd incompatible: $($report.Status) $($report.Message)" }
    New-BenchRow -Id protocol-test -Title $title -Status Real -Unit 'ms' `
        -Subject 'Test-PcscProtocol' -SubjectValues $times -Baseline 'C SCardEstablishContext+Release' -BaselineValues $cTimes `
        -Target $target -Meets { param($ratio, $milliseconds) $milliseconds -le 50 } `
        -Note 'The ratio pairs calls by index; the target is absolute (the subject''s median). The C baseline is libpcsclite''s own version exchange with pcscd, which Test-PcscProtocol repeats and then adds the client-side probe to.'
}
finally {
    Stop-BenchSimulator $stack
}
