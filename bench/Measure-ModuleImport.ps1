<#
.SYNOPSIS
    Where Import-Module PcscTools spends its time beyond the floor module: imports variants of the module (without its
    type data, without its views, without both) and the floor module, each in a new pwsh, started in turn many times;
    reports per variant the median import time, CPU time, methods compiled by the JIT and assemblies loaded.
.DESCRIPTION
    Each variant is a copy of the laid-out module whose manifest leaves out TypesToProcess, FormatsToProcess or both;
    the difference between two variants is what the part left out costs. Every pwsh times only its Import-Module
    (Stopwatch, Environment.CpuUsage, and JitInfo for the methods its own thread compiled) and lists the assemblies it
    loaded. Every pwsh runs without its start-up telemetry, as in the ModuleImport row.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateRange(1, 200)] [int] $Starts = 15,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/bench/import-variants')
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchTools/BenchTools.psm1') -Force
$ModulePath = (Resolve-Path $ModulePath).Path
$OutputPath = [IO.Path]::GetFullPath($OutputPath)
$moduleFolder = Split-Path $ModulePath

# One copy of the module per variant, its manifest without the parts the variant leaves out.
function New-ImportVariant([string] $Name, [string[]] $Without) {
    $folder = Join-Path $OutputPath $Name
    if (Test-Path $folder) { Remove-Item $folder -Recurse -Force }
    $target = Join-Path $folder 'PcscTools'
    Copy-Item $moduleFolder $target -Recurse
    $manifest = Join-Path $target 'PcscTools.psd1'
    $text = Get-Content $manifest -Raw
    foreach ($key in $Without) { $text = $text -replace "(?m)^\s*$key\s*=.*\r?\n", '' }
    Set-Content $manifest $text -NoNewline
    $manifest
}

$variants = [ordered]@{
    PcscTools      = $ModulePath
    'no types'     = New-ImportVariant 'no-types' 'TypesToProcess'
    'no formats'   = New-ImportVariant 'no-formats' 'FormatsToProcess'
    'neither'      = New-ImportVariant 'neither' 'TypesToProcess', 'FormatsToProcess'
    floor          = Build-BenchFloorModule -OutputFolder (Join-Path $OutputPath 'floor')
}

$probe = @'
$assemblies = [AppDomain]::CurrentDomain.GetAssemblies().FullName
$methods = [System.Runtime.JitInfo]::GetCompiledMethodCount($true)
$jitTime = [System.Runtime.JitInfo]::GetCompilationTime($true)
$cpu = [Environment]::CpuUsage.TotalTime
$watch = [Diagnostics.Stopwatch]::StartNew()
Import-Module '{0}' -ErrorAction Stop
$elapsed = $watch.Elapsed.TotalMilliseconds
$cpu = ([Environment]::CpuUsage.TotalTime - $cpu).TotalMilliseconds
[pscustomobject]@{{
    Milliseconds = $elapsed
    CpuMilliseconds = $cpu
    JitMethods = [System.Runtime.JitInfo]::GetCompiledMethodCount($true) - $methods
    JitMilliseconds = ([System.Runtime.JitInfo]::GetCompilationTime($true) - $jitTime).TotalMilliseconds
    Assemblies = @([AppDomain]::CurrentDomain.GetAssemblies().FullName | Where-Object {{ $_ -notin $assemblies }} | ForEach-Object {{ ($_ -split ',')[0] }})
}} | ConvertTo-Json -Compress
'@
$pwsh = Get-BenchPwshLauncher
$samples = @{}
foreach ($name in $variants.Keys) { $samples[$name] = [Collections.Generic.List[object]]::new() }
$names = @($variants.Keys)
# One start of each first, untimed: the disk cache then holds pwsh and every variant.
for ($start = -1; $start -lt $Starts; $start++) {
    Write-Progress -Activity 'Import-Module variants' -Status "start $($start + 2) of $($Starts + 1)" -PercentComplete (100 * ($start + 1) / ($Starts + 1))
    for ($at = 0; $at -lt $names.Count; $at++) {
        # Rotate which goes first so that none always follows another.
        $name = $names[($start + 1 + $at) % $names.Count]
        $arguments = $pwsh.Prefix + '-NoLogo', '-NoProfile', '-NonInteractive', '-Command', ($probe -f $variants[$name])
        $result = Invoke-BenchChild $pwsh.FilePath -Arguments $arguments -Environment @{ POWERSHELL_TELEMETRY_OPTOUT = '1' } | ConvertFrom-Json
        if ($start -ge 0) { $samples[$name].Add($result) }
    }
}
Write-Progress -Activity 'Import-Module variants' -Completed

$median = { param($Values) (Get-BenchStatistics ([double[]]$Values)).Median }
foreach ($name in $names) {
    $runs = $samples[$name]
    $floorRuns = $samples.floor
    [pscustomobject]@{
        Variant           = $name
        'Import ms'       = [math]::Round((& $median $runs.Milliseconds), 1)
        'IQR'             = '{0:0.0}–{1:0.0}' -f (Get-BenchStatistics ([double[]]$runs.Milliseconds)).Q1, (Get-BenchStatistics ([double[]]$runs.Milliseconds)).Q3
        'Over floor ms'   = [math]::Round((Get-BenchPairedDifference ([double[]]$runs.Milliseconds) ([double[]]$floorRuns.Milliseconds)).Median, 1)
        'CPU ms'          = [math]::Round((& $median $runs.CpuMilliseconds), 1)
        'JIT methods'     = & $median $runs.JitMethods
        'JIT ms'          = [math]::Round((& $median $runs.JitMilliseconds), 1)
        Assemblies        = ($runs[0].Assemblies -join ', ')
    }
}
