<#
.SYNOPSIS
    Parallel personalisation: 1, 2, 4 and 8 readers (4 vpcd entries), each driven by its own runspace, each runspace
    personalising the card in its reader over and over (select the application and an EF, write 256 bytes in 16
    UPDATE BINARY, read them back). Throughput in cards per second, against 1 reader measured in the same repetition.
#>
param([Parameter(Mandatory)] $Context)

$readerCount = 8
$cards = $Context.PersonalisationCards
$aid = [PcscTools.Simulator.VirtualCard.CardFileSystem]::ApplicationAid
$commands = @("00A4040C{0:X2}{1}" -f $aid.Length, $aid.Hex) + '00A4020C020101' +
    @(0..15 | ForEach-Object { '00D600{0:X2}10{1}' -f ($_ * 16), (('{0:X2}' -f $_) * 16) }) + '00B0000000'

$stack = $null
$runspaces = @()
try {
    $stack = Start-BenchSimulator -ReaderCount $readerCount -CardServer $Context.CardServer
    foreach ($reader in $stack.Readers) { $null = Add-BenchCard $stack $reader }
    $runspaces = New-BenchRunspaces -ModulePath $Context.ModulePath -Count $readerCount
    $runLevel = {
        param([int] $Level, [int] $CardsEach)
        $run = Invoke-BenchRunspaces -Runspaces $runspaces -Readers $stack.Readers -Level $Level -Commands $commands -Cards $CardsEach
        $Level * $CardsEach / $run.Seconds
    }

    $levels = 1, 2, 4, 8
    $null = & $runLevel $readerCount 2   # Warm up every runspace's path.
    $throughput = @{}
    foreach ($level in $levels) { $throughput[$level] = [Collections.Generic.List[double]]::new() }
    for ($repetition = 0; $repetition -lt $Context.Repetitions; $repetition++) {
        Write-Progress -Activity 'Parallel personalisation' -Status "repetition $($repetition + 1) of $($Context.Repetitions)" -PercentComplete (100 * $repetition / $Context.Repetitions)
        foreach ($level in $levels) { $throughput[$level].Add((& $runLevel $level $cards)) }
    }
    Write-Progress -Activity 'Parallel personalisation' -Completed

    $note = "Each card: $($commands.Count) APDUs in one call ($cards cards per reader per repetition). The target is that throughput grows with readers until the 2 cores are busy and does not fall after."
    foreach ($level in $levels) {
        $meets = if ($level -eq 2) { { param($ratio) $ratio -gt 1 } } elseif ($level -gt 2) { { param($ratio) $ratio -ge 1 } }
        New-BenchRow -Id "parallel-$level" -Title "Parallel personalisation, $level reader$(if ($level -gt 1) { 's' })" -Unit 'cards/s' `
            -Subject "$level runspace$(if ($level -gt 1) { 's' }), Invoke-Apdu" -SubjectValues $throughput[$level] -Baseline '1 reader' -BaselineValues $throughput[1] `
            -Target $(if ($level -eq 1) { 'the curve''s base' } elseif ($level -eq 2) { 'grows (> 1×)' } else { 'does not fall below 1×' }) -Meets $meets `
            -Note $(if ($level -eq 1) { $note })
    }
}
finally {
    $runspaces | ForEach-Object { $_.Dispose() }
    Stop-BenchSimulator $stack
}
