<#
.SYNOPSIS
    Import-Module PcscTools in a new pwsh against a new pwsh that imports nothing, started alternately, wall time
    from process start to exit.
#>
param([Parameter(Mandatory)] $Context)

$pwsh = Get-BenchPwshLauncher
$common = $pwsh.Prefix + '-NoLogo', '-NoProfile', '-NonInteractive', '-Command'
# Each child also times its own command, so the note can show the import alone, free of process start-up noise.
$report = '; [Console]::Out.WriteLine($watch.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture))'
$bare = $common + ('$watch = [Diagnostics.Stopwatch]::StartNew()' + $report)
$import = $common + ('$watch = [Diagnostics.Stopwatch]::StartNew(); Import-Module ''{0}'' -ErrorAction Stop' -f $Context.ModulePath + $report)
$inside = [Collections.Generic.List[double]]::new()
$time = {
    param($Arguments)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $own = [double](Invoke-BenchChild $pwsh.FilePath -Arguments $Arguments)
    $wall = $watch.Elapsed.TotalMilliseconds
    if ([object]::ReferenceEquals($Arguments, $import)) { $inside.Add($own) }
    $wall
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
$importOnly = Get-BenchStatistics ($inside | Select-Object -Skip 1)
New-BenchRow -Id module-import -Title 'Import-Module PcscTools in a new pwsh' -Status Real -Unit 'ms' `
    -Subject 'pwsh + Import-Module' -SubjectValues $importTimes -Baseline 'bare pwsh start' -BaselineValues $bareTimes `
    -Comparison Difference -Target '≤ +150 ms over bare pwsh' -Meets { param($difference) $difference -le 150 } `
    -Note ("Wall time from process start to exit, paired start by start. Import-Module alone, timed inside the new pwsh: median {0:0} ms (IQR {1:0}–{2:0})." -f $importOnly.Median, $importOnly.Q1, $importOnly.Q3)
