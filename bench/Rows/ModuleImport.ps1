<#
.SYNOPSIS
    Import-Module PcscTools in a new pwsh against a new pwsh that imports nothing, started alternately, wall time
    from process start to exit.
#>
param([Parameter(Mandatory)] $Context)

$pwsh = Get-BenchPwshLauncher
$common = $pwsh.Prefix + '-NoLogo', '-NoProfile', '-NonInteractive', '-Command'
$bare = $common + '$null'
$import = $common + "Import-Module '$($Context.ModulePath)' -ErrorAction Stop"
$time = {
    param([string[]] $Arguments)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $null = Invoke-BenchChild $pwsh.FilePath -Arguments $Arguments
    $watch.Elapsed.TotalMilliseconds
}

# One of each first: the disk cache then holds pwsh and the module for every timed start.
$null = & $time $bare; $null = & $time $import
$bareTimes = [Collections.Generic.List[double]]::new()
$importTimes = [Collections.Generic.List[double]]::new()
for ($repetition = 0; $repetition -lt $Context.ImportRepetitions; $repetition++) {
    Write-Progress -Activity 'Import-Module' -Status "start $($repetition + 1) of $($Context.ImportRepetitions)" -PercentComplete (100 * $repetition / $Context.ImportRepetitions)
    # Alternate which goes first so neither always follows the other.
    if ($repetition % 2) { $importTimes.Add((& $time $import)); $bareTimes.Add((& $time $bare)) }
    else { $bareTimes.Add((& $time $bare)); $importTimes.Add((& $time $import)) }
}
Write-Progress -Activity 'Import-Module' -Completed
New-BenchRow -Id module-import -Title 'Import-Module PcscTools in a new pwsh' -Status Real -Unit 'ms' `
    -Subject 'pwsh + Import-Module' -SubjectValues $importTimes -Baseline 'bare pwsh start' -BaselineValues $bareTimes `
    -Comparison Difference -Target '≤ +150 ms over bare pwsh' -Meets { param($difference) $difference -le 150 }
