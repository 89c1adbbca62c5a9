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
$load = Get-BenchLoadAverage
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

    # Warm up both paths at full size until the runtime has little left to recompile (Invoke-BenchWarmUp).
    $settled = Invoke-BenchWarmUp -Path { & $plain $count }, { & $channel $count }

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
    Stop-BenchSimulator $stack
}
