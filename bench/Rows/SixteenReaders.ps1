<#
.SYNOPSIS
    Sixteen readers, pcscd 1.9.9's maximum (8 vpcd entries): one runspace per reader in this pwsh, each sending its
    card 200 GET CHALLENGEs in one Invoke-Apdu call, over and over. Against the same on one reader, in the same
    repetition: the aggregate throughput, and PcscTools' own CPU per APDU (this process's user+system time over the
    timed section, every thread, divided by the APDUs it sent).
#>
param([Parameter(Mandatory)] $Context)

$readerCount = 16
$apdusPerCard = 200
$cards = $Context.ManyReaderCards
$load = Get-BenchLoadAverage
$commands = [string[]]@(, '0084000008' * $apdusPerCard)

$stack = $null
$runspaces = @()
try {
    $stack = Start-BenchSimulator -ReaderCount $readerCount -CardServer $Context.CardServer
    if ($stack.Readers.Count -ne $readerCount) { throw "pcscd offers $($stack.Readers.Count) readers, not $readerCount." }
    foreach ($reader in $stack.Readers) { $null = Add-BenchCard $stack $reader }
    $runspaces = New-BenchRunspaces -ModulePath $Context.ModulePath -Count $readerCount
    $runLevel = {
        param([int] $Level, [int] $CardsEach)
        $run = Invoke-BenchRunspaces -Runspaces $runspaces -Readers $stack.Readers -Level $Level -Commands $commands -Cards $CardsEach
        $apdus = $Level * $CardsEach * $apdusPerCard
        [pscustomobject]@{ Throughput = $apdus / $run.Seconds; CpuPerApdu = $run.CpuSeconds * 1e6 / $apdus }
    }

    # Warm up every runspace's path, and the one reader's, until the runtime has little left to recompile (Invoke-BenchWarmUp).
    $null = Invoke-BenchWarmUp -Path { & $runLevel $readerCount 1 }, { & $runLevel 1 $readerCount }
    $throughput = @{ 1 = [Collections.Generic.List[double]]::new(); 16 = [Collections.Generic.List[double]]::new() }
    $cpu = @{ 1 = [Collections.Generic.List[double]]::new(); 16 = [Collections.Generic.List[double]]::new() }
    for ($repetition = 0; $repetition -lt $Context.Repetitions; $repetition++) {
        Write-Progress -Activity 'Sixteen readers' -Status "repetition $($repetition + 1) of $($Context.Repetitions)" -PercentComplete (100 * $repetition / $Context.Repetitions)
        foreach ($level in 1, $readerCount) {
            # The one reader sends as many APDUs as the sixteen together, so that what a run costs whatever its length
            # (the runtime's compiling, the runspaces' start) weighs the same on both CPU figures.
            $result = & $runLevel $level $(if ($level -eq 1) { $cards * $readerCount } else { $cards })
            $throughput[$level].Add($result.Throughput); $cpu[$level].Add($result.CpuPerApdu)
        }
    }
    Write-Progress -Activity 'Sixteen readers' -Completed

    $note = "Each of the $readerCount readers: $cards card(s) of $apdusPerCard GET CHALLENGEs, one Invoke-Apdu call per card, in its own runspace of this pwsh; the one reader alone: $($cards * $readerCount) cards, as many APDUs as the $readerCount together; the cards answer from the card server. Load average at the row's start: $load."
    New-BenchRow -Id readers-16-throughput -Title "$readerCount readers, one runspace each: aggregate throughput" -Unit 'APDUs/s' `
        -Subject "$readerCount runspaces, Invoke-Apdu" -SubjectValues $throughput[16] -Baseline '1 reader' -BaselineValues $throughput[1] `
        -Target 'report, against 1 reader' -Note $note
    New-BenchRow -Id readers-16-cpu -Title "$readerCount readers, one runspace each: PcscTools CPU per APDU" -Unit 'µs/APDU' `
        -Subject "$readerCount runspaces, Invoke-Apdu" -SubjectValues $cpu[16] -Baseline '1 reader' -BaselineValues $cpu[1] `
        -Target '≤ 1.2× its CPU at 1 reader' -Meets { param($ratio) $ratio -le 1.2 } `
        -Note 'CPU is this pwsh''s own user+system time (Environment.CpuUsage, every thread) over the timed section, divided by the APDUs sent.'
}
finally {
    $runspaces | ForEach-Object { $_.Dispose() }
    Stop-BenchSimulator $stack
}
