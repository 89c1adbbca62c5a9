<#
.SYNOPSIS
    APDU round trips: 10,000 APDUs through one session in one Invoke-Apdu call, the same one call per APDU from a
    script loop, and pyscard, each against the C SCardTransmit loop measured back to back in the same run: wall time
    and the client's own CPU time per APDU. The card answers from the card server, a process no client shares. The
    per-call loop is also set against the floor module's Send-FloorApdu, a compiled cmdlet that makes one SCardTransmit
    and nothing else, in the same loop: what pwsh charges any cmdlet that sends one APDU per call.
#>
param([Parameter(Mandatory)] $Context)

# GET CHALLENGE for 8 bytes: a built-in command of the virtual card, answered 8 random bytes and 90 00.
$apdu = '0084000008'
$count = $Context.ApduCount
$load = Get-BenchLoadAverage
$stack = $null
$client = $null
try {
    $stack = Start-BenchSimulator -ReaderCount 2 -CardServer $Context.CardServer
    $reader = $stack.Readers[0]
    $null = Add-BenchCard $stack $reader

    # Each function returns, for one batch of $Size APDUs, the wall time and the measured process's own CPU time
    # (user+system, every thread, getrusage) over the timed loop, both in microseconds per APDU.
    $perApdu = { param($Result) [pscustomobject]@{ Wall = $Result.elapsedNs / 1e3 / $Result.count; Cpu = $Result.cpuNs / 1e3 / $Result.count } }
    $cLoop = {
        param([int] $Size)
        & $perApdu (Invoke-BenchChild $Context.Baselines.transmit_loop -Arguments $reader, $Size, $apdu -Environment $stack.Environment | ConvertFrom-Json)
    }
    $pyscard = {
        param([int] $Size)
        & $perApdu (Invoke-BenchChild $Context.Python -Arguments $Context.PyscardScript, $reader, $Size, $apdu -Environment $stack.Environment | ConvertFrom-Json)
    }
    # PcscTools runs in a pwsh of its own too (bench/Clients/PcscToolsApduClient.ps1), which warms its paths up and
    # then times them on request: no card, daemon, baseline or benchmark code shares its process.
    $client = Start-BenchApduClient $Context $stack -Reader $reader -Apdu $apdu -ClientArguments '-FloorModulePath', $Context.FloorModule
    $batch = { param([int] $Size) Invoke-BenchApduClient $client "batch $Size" }
    $perCall = { param([int] $Size) Invoke-BenchApduClient $client "perCall $Size" }
    $floorCall = { param([int] $Size) Invoke-BenchApduClient $client "floor $Size" }

    # Warm up every path (JIT, pyscard's imports, the card's first answers) before anything is timed. PcscTools' paths
    # run at full size until the runtime has little left to recompile (the client's warm-up): a loop timed while it
    # recompiles is charged with that CPU.
    $warmUp = [math]::Min(200, $count)
    $null = & $cLoop $warmUp; $null = & $pyscard $warmUp
    $settled = Invoke-BenchApduClient $client 'warm-up batch perCall floor'

    $measured = [ordered]@{ c = $cLoop; batch = $batch; perCall = $perCall; floorCall = $floorCall; pyscard = $pyscard }
    $wall = @{}; $cpu = @{}; $jitMs = @{}
    foreach ($name in $measured.Keys) { $wall[$name] = [Collections.Generic.List[double]]::new(); $cpu[$name] = [Collections.Generic.List[double]]::new(); $jitMs[$name] = [Collections.Generic.List[double]]::new() }
    for ($repetition = 0; $repetition -lt $Context.Repetitions; $repetition++) {
        Write-Progress -Activity 'APDU round trips' -Status "repetition $($repetition + 1) of $($Context.Repetitions)" -PercentComplete (100 * $repetition / $Context.Repetitions)
        foreach ($name in $measured.Keys) {
            $result = & $measured[$name] $count
            $wall[$name].Add($result.Wall); $cpu[$name].Add($result.Cpu)
            if ($null -ne $result.JitMs) { $jitMs[$name].Add($result.JitMs) }
        }
    }
    Write-Progress -Activity 'APDU round trips' -Completed

    $ratioText = { param($Subject, $Baseline) $r = Get-BenchPairedRatio $Subject $Baseline; '{0:0.00}× (IQR {1:0.00}–{2:0.00})' -f $r.Median, $r.Q1, $r.Q3 }
    $equalTerms = ("Every client in a process of its own: the cards in the card server, pcscd, the C loop, pyscard and PcscTools (a pwsh running bench/Clients/PcscToolsApduClient.ps1) in children. Load average at the row's start: $load. " +
        ("PcscTools' paths were warmed up for {0:0.0} s ({1} rounds of its three paths at full size, in its own pwsh), until the runtime spent {2:0.0} % of a round compiling. " +
        "Still compiling during the timed loops (median per loop): {3:0} ms in the batch, {4:0} ms in the per-call loop.") -f
        $settled.Seconds, $settled.Rounds, (100 * $settled.JitShare), (Get-BenchStatistics $jitMs.batch).Median, (Get-BenchStatistics $jitMs.perCall).Median)
    $cpuNote = 'CPU is the measured process''s own user+system time over the timed loop (getrusage: RUSAGE_SELF in C and pyscard, Environment.CpuUsage in pwsh), every thread included, per APDU.'
    New-BenchRow -Id apdu-batch -Title "$count APDUs, one session, one call: wall" -Unit 'µs/APDU' `
        -Subject 'Invoke-Apdu, one call' -SubjectValues $wall.batch -Baseline 'C SCardTransmit loop' -BaselineValues $wall.c `
        -Target '≤ 1.05× C' -Meets { param($ratio) $ratio -le 1.05 } -Note $equalTerms
    New-BenchRow -Id apdu-batch-cpu -Title "$count APDUs, one session, one call: client CPU" -Unit 'µs/APDU' `
        -Subject 'Invoke-Apdu, one call' -SubjectValues $cpu.batch -Baseline 'C SCardTransmit loop' -BaselineValues $cpu.c `
        -Target '≤ 1.25× C' -Meets { param($ratio) $ratio -le 1.25 } -Note $cpuNote
    $overhead = Get-BenchPairedDifference $wall.perCall $wall.c
    New-BenchRow -Id apdu-per-call -Title "$count APDUs, one Invoke-Apdu call each: wall" -Unit 'µs/APDU' `
        -Subject 'Invoke-Apdu per APDU' -SubjectValues $wall.perCall -Baseline 'C SCardTransmit loop' -BaselineValues $wall.c `
        -Target '≤ 1.5× C' -Meets { param($ratio) $ratio -le 1.5 } `
        -Note ("Overhead per call over C: median {0:0.0} µs (IQR {1:0.0}–{2:0.0})." -f $overhead.Median, $overhead.Q1, $overhead.Q3)
    $cpuOverhead = Get-BenchPairedDifference $cpu.perCall $cpu.c
    New-BenchRow -Id apdu-per-call-cpu -Title "$count APDUs, one Invoke-Apdu call each: client CPU" -Unit 'µs/APDU' `
        -Subject 'Invoke-Apdu per APDU' -SubjectValues $cpu.perCall -Baseline 'C SCardTransmit loop' -BaselineValues $cpu.c `
        -Target '≤ 3× C' -Meets { param($ratio) $ratio -le 3 } `
        -Note ("CPU per call over C: median {0:0.0} µs (IQR {1:0.0}–{2:0.0}). The floor (Send-FloorApdu in the same loop) over C in the same run: {3}." -f
            $cpuOverhead.Median, $cpuOverhead.Q1, $cpuOverhead.Q3, (& $ratioText $cpu.floorCall $cpu.c))
    New-BenchRow -Id apdu-per-call-floor-cpu -Title "$count APDUs, one Invoke-Apdu call each, over the floor cmdlet: client CPU" -Unit 'µs/APDU' `
        -Subject 'Invoke-Apdu per APDU' -SubjectValues $cpu.perCall -Baseline 'Send-FloorApdu per APDU (floor module)' -BaselineValues $cpu.floorCall `
        -Comparison Difference -Target 'reported (PcscTools'' own share of a call)' `
        -Note ("Send-FloorApdu (bench/Baselines/FloorModule) is a compiled cmdlet that makes one SCardTransmit and writes the answer's bytes, nothing else; the same script loop calls it with -ErrorAction Stop, so the difference is what Invoke-Apdu does beyond what pwsh charges any such cmdlet. The floor over C: wall {0}, client CPU {1}." -f
            (& $ratioText $wall.floorCall $wall.c), (& $ratioText $cpu.floorCall $cpu.c))
    $pyscardNote = "pyscard over C in the same run: wall $(& $ratioText $wall.pyscard $wall.c), client CPU $(& $ratioText $cpu.pyscard $cpu.c)."
    New-BenchRow -Id apdu-pyscard -Title "$count APDUs, PcscTools vs pyscard: wall" -Unit 'µs/APDU' `
        -Subject 'Invoke-Apdu, one call' -SubjectValues $wall.batch -Baseline 'pyscard CardConnection.transmit loop' -BaselineValues $wall.pyscard `
        -Target '< 1× pyscard (faster)' -Meets { param($ratio) $ratio -lt 1 } -Note $pyscardNote
    New-BenchRow -Id apdu-pyscard-cpu -Title "$count APDUs, PcscTools vs pyscard: client CPU" -Unit 'µs/APDU' `
        -Subject 'Invoke-Apdu, one call' -SubjectValues $cpu.batch -Baseline 'pyscard CardConnection.transmit loop' -BaselineValues $cpu.pyscard `
        -Target '< 1× pyscard' -Meets { param($ratio) $ratio -lt 1 }
}
finally {
    Stop-BenchChild $client
    Stop-BenchSimulator $stack
}
