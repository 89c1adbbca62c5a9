<#
.SYNOPSIS
    APDU round trips: 10,000 APDUs through one session in one Invoke-Apdu call, the same one call per APDU from a
    script loop, and pyscard, each against the C SCardTransmit loop measured back to back in the same run.
#>
param([Parameter(Mandatory)] $Context)

# GET CHALLENGE for 8 bytes: a built-in command of the virtual card, answered 8 random bytes and 90 00.
$apdu = '0084000008'
$count = $Context.ApduCount
$stack = Start-BenchSimulator -ReaderCount 2
try {
    $reader = $stack.Readers[0]
    $null = $stack.Simulator.InsertCard($reader)
    $commands = [string[]]@(, $apdu * $count)

    # Each function returns microseconds per APDU for one batch of $Size APDUs.
    $cLoop = {
        param([int] $Size)
        $result = Invoke-BenchChild $Context.Baselines.transmit_loop -Arguments $reader, $Size, $apdu -Environment $stack.Environment | ConvertFrom-Json
        $result.elapsedNs / 1e3 / $result.count
    }
    $pyscard = {
        param([int] $Size)
        $result = Invoke-BenchChild $Context.Python -Arguments $Context.PyscardScript, $reader, $Size, $apdu -Environment $stack.Environment | ConvertFrom-Json
        $result.elapsedNs / 1e3 / $result.count
    }
    # Every measurement connects afresh, untimed, as the C program and pyscard do: a session never outlives another client's disposition.
    $batch = {
        param([int] $Size)
        $batchCommands = if ($Size -eq $count) { $commands } else { $commands[0..($Size - 1)] }
        $session = Connect-PcscCard -Reader $reader
        try {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $null = Invoke-Apdu -Session $session -Command $batchCommands -ExpectStatus 9000 -ErrorAction Stop
            $watch.Elapsed.TotalMicroseconds / $Size
        }
        finally { Disconnect-PcscCard -Session $session }
    }
    $perCall = {
        param([int] $Size)
        $session = Connect-PcscCard -Reader $reader
        try {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            for ($i = 0; $i -lt $Size; $i++) {
                $null = Invoke-Apdu -Session $session -Command $apdu -ExpectStatus 9000 -ErrorAction Stop
            }
            $watch.Elapsed.TotalMicroseconds / $Size
        }
        finally { Disconnect-PcscCard -Session $session }
    }

    # Warm up every path (JIT, pyscard's imports, the card's first answers) before anything is timed.
    $warmUp = [math]::Min(200, $count)
    $null = & $cLoop $warmUp; $null = & $batch $warmUp; $null = & $pyscard $warmUp; $null = & $perCall $warmUp

    $c = [Collections.Generic.List[double]]::new()
    $tools = [Collections.Generic.List[double]]::new()
    $loop = [Collections.Generic.List[double]]::new()
    $python = [Collections.Generic.List[double]]::new()
    for ($repetition = 0; $repetition -lt $Context.Repetitions; $repetition++) {
        Write-Progress -Activity 'APDU round trips' -Status "repetition $($repetition + 1) of $($Context.Repetitions)" -PercentComplete (100 * $repetition / $Context.Repetitions)
        $c.Add((& $cLoop $count))
        $tools.Add((& $batch $count))
        $loop.Add((& $perCall $count))
        $python.Add((& $pyscard $count))
    }
    Write-Progress -Activity 'APDU round trips' -Completed

    New-BenchRow -Id apdu-batch -Title "$count APDUs, one session, one call" -Unit 'µs/APDU' `
        -Subject 'Invoke-Apdu, one call' -SubjectValues $tools -Baseline 'C SCardTransmit loop' -BaselineValues $c `
        -Target '≤ 1.10× C' -Meets { param($ratio) $ratio -le 1.10 }
    $overhead = Get-BenchPairedDifference $loop $c
    New-BenchRow -Id apdu-per-call -Title "$count APDUs, one Invoke-Apdu call each" -Unit 'µs/APDU' `
        -Subject 'Invoke-Apdu per APDU' -SubjectValues $loop -Baseline 'C SCardTransmit loop' -BaselineValues $c `
        -Target 'aim ≤ 2× C' -Meets { param($ratio) $ratio -le 2 } `
        -Note ("Overhead per call over C: median {0:0.0} µs (IQR {1:0.0}–{2:0.0})." -f $overhead.Median, $overhead.Q1, $overhead.Q3)
    New-BenchRow -Id apdu-pyscard -Title "$count APDUs, PcscTools vs pyscard" -Unit 'µs/APDU' `
        -Subject 'Invoke-Apdu, one call' -SubjectValues $tools -Baseline 'pyscard CardConnection.transmit loop' -BaselineValues $python `
        -Target '< 1× pyscard (faster)' -Meets { param($ratio) $ratio -lt 1 }
}
finally {
    Stop-BenchSimulator
}
