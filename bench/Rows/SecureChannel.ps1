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
$level = [PcscTools.SecureChannel.SecurityLevel]'CMac, CDecryption, RMac, REncryption'
# The virtual card's keys: the GlobalPlatform test key 40..4F as ENC, MAC and DEK.
$key = [byte[]](0x40..0x4F)
$count = $Context.ApduCount
$load = (Get-Content /proc/loadavg -Raw).Split(' ')[0..2] -join ' '
$stack = $null
try {
    $stack = Start-BenchSimulator -ReaderCount 2 -CardServer $Context.CardServer
    $reader = $stack.Readers[0]
    $null = Add-BenchCard $stack $reader
    $commands = [string[]]@(, $apdu * $count)

    # Both return, for one batch of $Size commands, the wall time and this process's own CPU time (Environment.CpuUsage:
    # getrusage, every thread) over the one timed Invoke-Apdu call, in microseconds per APDU. Connecting, selecting the
    # security domain and opening the channel are not timed; every measurement does them afresh.
    $timed = {
        param($Session, [int] $Size)
        $batchCommands = if ($Size -eq $count) { $commands } else { $commands[0..($Size - 1)] }
        $cpu = [Environment]::CpuUsage.TotalTime
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $null = Invoke-Apdu -Session $Session -Command $batchCommands -ExpectStatus 9000 -ErrorAction Stop
        [pscustomobject]@{ Wall = $watch.Elapsed.TotalMicroseconds / $Size; Cpu = ([Environment]::CpuUsage.TotalTime - $cpu).TotalMicroseconds / $Size }
    }
    $plain = {
        param([int] $Size)
        $session = Connect-PcscCard -Reader $reader
        try {
            $null = Invoke-Apdu -Session $session -Command $selectSecurityDomain -ExpectStatus 9000 -ErrorAction Stop
            & $timed $session $Size
        }
        finally { Disconnect-PcscCard -Session $session }
    }
    $channel = {
        param([int] $Size)
        $session = Connect-PcscCard -Reader $reader
        try {
            $secured = Open-PcscSecureChannel -Session $session -Key $key -SecurityLevel $level -ErrorAction Stop
            & $timed $secured $Size
        }
        finally { Disconnect-PcscCard -Session $session }
    }

    # Warm up both paths twice, each time until the runtime's background recompilation is over (Wait-BenchJitQuiet).
    $warmUp = [math]::Min(200, $count)
    $jit = foreach ($round in 1, 2) { $null = & $plain $warmUp; $null = & $channel $warmUp; Wait-BenchJitQuiet }

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
        "back to back in each repetition (alternating which goes first). CPU is this pwsh's own user+system time (Environment.CpuUsage: getrusage, every thread) over the timed call, per APDU; the card's work is the card server's. " +
        "Wall time in the channel over plain: {0:0.00}× (IQR {1:0.00}–{2:0.00}). Load average at the row's start: $load. " +
        "After warming up, the pwsh waited {3:0.0} s and {4:0.0} s for the runtime to finish recompiling ({5} and {6} methods).") -f
        $wallRatio.Median, $wallRatio.Q1, $wallRatio.Q3, $jit[0].Seconds, $jit[1].Seconds, $jit[0].Methods, $jit[1].Methods
    New-BenchRow -Id scp03-cpu -Title "$count GET DATA in an SCP03 channel at full security level: client CPU" -Unit 'µs/APDU' `
        -Subject 'Invoke-Apdu in the channel' -SubjectValues $cpu.channel -Baseline 'the same in plain' -BaselineValues $cpu.plain `
        -Comparison Difference -Target '≤ +10 µs over plain' -Meets { param($difference) $difference -le 10 } -Note $note
    New-BenchRow -Id scp03-wall -Title "$count GET DATA in an SCP03 channel at full security level: wall" -Unit 'µs/APDU' `
        -Subject 'Invoke-Apdu in the channel' -SubjectValues $wall.channel -Baseline 'the same in plain' -BaselineValues $wall.plain `
        -Comparison Difference -Target 'reported (the card''s side of the channel included)'
}
finally {
    Stop-BenchSimulator $stack
}
