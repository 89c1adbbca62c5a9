<#
.SYNOPSIS
    SCP03 at full security level: 10,000 GET DATA (card recognition data) through one session in one Invoke-Apdu call,
    inside a channel opened with Open-PcscSecureChannel at CMac, CDecryption, RMac, REncryption, against the same
    commands in plain on the same card, measured back to back in each repetition: what wrapping and unwrapping cost
    per APDU in wall time and in the client's own CPU time. The card answers from the card server, whose virtual card
    is a security domain with the GlobalPlatform test keys.
#>
param([Parameter(Mandatory)] $Context)

# GET DATA 0066: the security domain's card recognition data (51 bytes plain; 64 encrypted bytes and an 8-byte R-MAC inside the channel).
$apdu = '80CA006600'
$selectSecurityDomain = '00A4040008A000000151000000'
$level = 'CMac, CDecryption, RMac, REncryption'
# The virtual card's keys: the GlobalPlatform test key 40..4F as ENC, MAC and DEK.
$key = '404142434445464748494A4B4C4D4E4F'
$count = $Context.ApduCount
$load = Get-BenchLoadAverage
$stack = $null
$client = $null
try {
    $stack = Start-BenchSimulator -ReaderCount 2 -CardServer $Context.CardServer
    $reader = $stack.Readers[0]
    $null = Add-BenchCard $stack $reader

    # PcscTools runs in a pwsh of its own (bench/Clients/PcscToolsApduClient.ps1). Each request answers, for one batch
    # of $Size commands, the wall time and the client's own CPU time (Environment.CpuUsage: getrusage, every thread)
    # over the one timed Invoke-Apdu call, in microseconds per APDU. Connecting, selecting the security domain and
    # opening the channel are not timed; every measurement does them afresh.
    $client = Start-BenchApduClient $Context $stack -Reader $reader -Apdu $apdu `
        -ClientArguments '-SelectCommand', $selectSecurityDomain, '-ChannelKey', $key, '-ChannelLevel', $level
    $plain = { param([int] $Size) Invoke-BenchApduClient $client "plain $Size" }
    $channel = { param([int] $Size) Invoke-BenchApduClient $client "channel $Size" }

    # Warm up both paths until the runtime has little left to recompile (the client's warm-up).
    $settled = Invoke-BenchApduClient $client 'warm-up plain channel'

    $wall = @{ plain = [Collections.Generic.List[double]]::new(); channel = [Collections.Generic.List[double]]::new() }
    $cpu = @{ plain = [Collections.Generic.List[double]]::new(); channel = [Collections.Generic.List[double]]::new() }
    for ($repetition = 0; $repetition -lt $Context.Repetitions; $repetition++) {
        Write-Progress -Activity 'SCP03 channel' -Status "repetition $($repetition + 1) of $($Context.Repetitions)" -PercentComplete (100 * $repetition / $Context.Repetitions)
        # Alternate which goes first, so that neither always follows the other.
        $order = if ($repetition % 2 -eq 0) { 'plain', 'channel' } else { 'channel', 'plain' }
        foreach ($name in $order) {
            $result = & $(if ($name -eq 'plain') { $plain } else { $channel }) $count
            $wall[$name].Add($result.Wall); $cpu[$name].Add($result.Cpu)
        }
    }
    Write-Progress -Activity 'SCP03 channel' -Completed

    $wallRatio = Get-BenchPairedRatio $wall.channel $wall.plain
    $note = ("GET DATA 0066 (card recognition data) in one Invoke-Apdu call, through a channel opened at CMac, CDecryption, RMac, REncryption (SCP03, AES-128, S8) and in plain after a SELECT of the security domain, on the same card, " +
        "back to back in each repetition (alternating which goes first). CPU is the client's own user+system time (a pwsh of its own running bench/Clients/PcscToolsApduClient.ps1; Environment.CpuUsage: getrusage, every thread) over the timed call, per APDU; the card's work is the card server's. " +
        "Wall time in the channel over plain: {0:0.00}× (IQR {1:0.00}–{2:0.00}). Load average at the row's start: $load. " +
        "Both paths were warmed up for {3:0.0} s ({4} rounds at full size), until the runtime spent {5:0.0} % of a round compiling.") -f
        $wallRatio.Median, $wallRatio.Q1, $wallRatio.Q3, $settled.Seconds, $settled.Rounds, (100 * $settled.JitShare)
    New-BenchRow -Id scp03-cpu -Title "$count GET DATA in an SCP03 channel at full security level: client CPU" -Unit 'µs/APDU' `
        -Subject 'Invoke-Apdu in the channel' -SubjectValues $cpu.channel -Baseline 'the same in plain' -BaselineValues $cpu.plain `
        -Comparison Difference -Target '≤ +10 µs over plain' -Meets { param($difference) $difference -le 10 } -Note $note
    New-BenchRow -Id scp03-wall -Title "$count GET DATA in an SCP03 channel at full security level: wall" -Unit 'µs/APDU' `
        -Subject 'Invoke-Apdu in the channel' -SubjectValues $wall.channel -Baseline 'the same in plain' -BaselineValues $wall.plain `
        -Comparison Difference -Target 'reported (the card''s side of the channel included)'
}
finally {
    Stop-BenchChild $client
    Stop-BenchSimulator $stack
}
