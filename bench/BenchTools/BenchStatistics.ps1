# Medians and spread over repetitions: every row reports these, never a single timing.

function Get-BenchQuantile {
    # Linear interpolation between closest ranks (the R-7 / Excel rule), on sorted values.
    param([double[]] $Sorted, [double] $Fraction)
    if ($Sorted.Count -eq 1) { return $Sorted[0] }
    $position = $Fraction * ($Sorted.Count - 1)
    $lower = [math]::Floor($position)
    $upper = [math]::Ceiling($position)
    $Sorted[$lower] + ($Sorted[$upper] - $Sorted[$lower]) * ($position - $lower)
}

function Get-BenchStatistics {
    <#
    .SYNOPSIS
        Median, quartiles, minimum and maximum of repeated measurements.
    #>
    param([Parameter(Mandatory)] [double[]] $Values)
    $sorted = [double[]]($Values | Sort-Object)
    [pscustomobject]@{
        Median = Get-BenchQuantile $sorted 0.5
        Q1     = Get-BenchQuantile $sorted 0.25
        Q3     = Get-BenchQuantile $sorted 0.75
        Min    = $sorted[0]
        Max    = $sorted[-1]
        N      = $sorted.Count
        Values = $Values
    }
}

function Get-BenchPairedRatio {
    <#
    .SYNOPSIS
        Statistics of subject/baseline ratios taken pairwise, repetition by repetition (the two were measured back to back).
    #>
    param([Parameter(Mandatory)] [double[]] $Subject, [Parameter(Mandatory)] [double[]] $Baseline)
    $count = [math]::Min($Subject.Count, $Baseline.Count)
    Get-BenchStatistics -Values @(for ($i = 0; $i -lt $count; $i++) { $Subject[$i] / $Baseline[$i] })
}

function Get-BenchPairedDifference {
    <#
    .SYNOPSIS
        Statistics of subject−baseline differences taken pairwise (the two were measured on the same event or back to back).
    #>
    param([Parameter(Mandatory)] [double[]] $Subject, [Parameter(Mandatory)] [double[]] $Baseline)
    $count = [math]::Min($Subject.Count, $Baseline.Count)
    Get-BenchStatistics -Values @(for ($i = 0; $i -lt $count; $i++) { $Subject[$i] - $Baseline[$i] })
}
