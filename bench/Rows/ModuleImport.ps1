<#
.SYNOPSIS
    Import-Module PcscTools in a new pwsh against a new pwsh that imports nothing, and against a new pwsh importing the
    floor module (bench/Baselines/FloorModule: a manifest, three small cmdlets, one view, one type-data entry), started
    in turn; wall time from process start to exit. The floor shows what PowerShell itself charges any binary module of
    this shape on this machine.
#>
param([Parameter(Mandatory)] $Context)

$floorModule = $Context.FloorModule
$pwsh = Get-BenchPwshLauncher
$common = $pwsh.Prefix + '-NoLogo', '-NoProfile', '-NonInteractive', '-Command'
# Each child also times its own command, so the note can show the import alone, free of process start-up noise.
$report = '; [Console]::Out.WriteLine($watch.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture))'
$importOf = { param($Path) $common + ('$watch = [Diagnostics.Stopwatch]::StartNew(); Import-Module ''{0}'' -ErrorAction Stop' -f $Path + $report) }
$starts = [ordered]@{
    bare   = $common + ('$watch = [Diagnostics.Stopwatch]::StartNew()' + $report)
    import = & $importOf $Context.ModulePath
    floor  = & $importOf $floorModule
}
# pwsh's start-up telemetry (on by default) runs beside the import and lands on some starts and not others; it is
# neither PcscTools' cost nor the floor's, so every start here runs without it.
$quiet = @{ POWERSHELL_TELEMETRY_OPTOUT = '1' }
$wall = @{}; $inside = @{}
foreach ($kind in $starts.Keys) { $wall[$kind] = [Collections.Generic.List[double]]::new(); $inside[$kind] = [Collections.Generic.List[double]]::new() }
$time = {
    param($Kind)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $own = [double](Invoke-BenchChild $pwsh.FilePath -Arguments $starts[$Kind] -Environment $quiet)
    $wall[$Kind].Add($watch.Elapsed.TotalMilliseconds)
    $inside[$Kind].Add($own)
}

# One of each first: the disk cache then holds pwsh and both modules for every timed start.
$kinds = @($starts.Keys)
foreach ($kind in $kinds) { & $time $kind; $wall[$kind].Clear(); $inside[$kind].Clear() }
for ($repetition = 0; $repetition -lt $Context.ImportRepetitions; $repetition++) {
    Write-Progress -Activity 'Import-Module' -Status "start $($repetition + 1) of $($Context.ImportRepetitions)" -PercentComplete (100 * $repetition / $Context.ImportRepetitions)
    # Rotate which goes first so none always follows another.
    foreach ($at in 0..2) { & $time $kinds[($repetition + $at) % 3] }
}
Write-Progress -Activity 'Import-Module' -Completed
$importOnly = Get-BenchStatistics $inside.import
$floorOnly = Get-BenchStatistics $inside.floor
$floorOverBare = Get-BenchPairedDifference $wall.floor $wall.bare
New-BenchRow -Id module-import -Title 'Import-Module PcscTools in a new pwsh' -Status Real -Unit 'ms' `
    -Subject 'pwsh + Import-Module' -SubjectValues $wall.import -Baseline 'bare pwsh start' -BaselineValues $wall.bare `
    -Comparison Difference -Target '≤ +150 ms over bare pwsh' -Meets { param($difference) $difference -le 150 } `
    -Note ("Wall time from process start to exit, paired start by start, every pwsh without its start-up telemetry (POWERSHELL_TELEMETRY_OPTOUT). Import-Module alone, timed inside the new pwsh: median {0:0} ms (IQR {1:0}–{2:0}). The floor module, in the same run: {3:+0;-0} ms over bare pwsh (IQR {4:0}–{5:0}), its import alone {6:0} ms." -f
        $importOnly.Median, $importOnly.Q1, $importOnly.Q3, $floorOverBare.Median, $floorOverBare.Q1, $floorOverBare.Q3, $floorOnly.Median)
# Timed inside each pwsh, free of the start-up's noise, which is larger than the share itself.
New-BenchRow -Id module-import-own-share -Title 'Import-Module PcscTools over the floor module' -Status Real -Unit 'ms' `
    -Subject 'Import-Module PcscTools, inside pwsh' -SubjectValues $inside.import -Baseline 'Import-Module FloorModule, inside pwsh' -BaselineValues $inside.floor `
    -Comparison Difference -Target '≤ +20 ms over the floor module' -Meets { param($difference) $difference -le 20 } `
    -Note ("The floor module is a manifest, three small cmdlets, one format view and one type-data entry (bench/Baselines/FloorModule), built in this run; the difference is what PcscTools' own cmdlets, views, type data and assemblies cost beyond it, each import timed inside its new pwsh. The floor over bare pwsh, wall from process start to exit: {0:+0;-0} ms (IQR {1:0}–{2:0})." -f
        $floorOverBare.Median, $floorOverBare.Q1, $floorOverBare.Q3)
