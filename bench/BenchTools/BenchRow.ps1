# One row of the benchmark table: what PcscTools measured, what its baseline measured in the same run, and how they compare.

function New-BenchRow {
    <#
    .SYNOPSIS
        Builds a row. Comparison is 'Ratio' (subject/baseline, paired), 'Difference' (subject−baseline, paired) or
        'Value' (the subject alone, for a row whose target is absolute). Status: Real (measured through the cmdlets),
        Missing (could not be measured; Note says why).
    #>
    param(
        [Parameter(Mandatory)] [string] $Id,
        [Parameter(Mandatory)] [string] $Title,
        [ValidateSet('Real', 'Missing')] [string] $Status = 'Real',
        [string] $Unit,
        [string] $Subject,
        [double[]] $SubjectValues,
        [string] $Baseline,
        [double[]] $BaselineValues,
        [ValidateSet('Ratio', 'Difference', 'Value')] [string] $Comparison = 'Ratio',
        [string] $Target,
        # Decides TargetMet from the compared median and the subject median (in that order); omitted when the target is informative only.
        [scriptblock] $Meets,
        [string] $Note
    )
    $subjectStats = if ($SubjectValues) { Get-BenchStatistics $SubjectValues }
    $baselineStats = if ($BaselineValues) { Get-BenchStatistics $BaselineValues }
    $compared = switch ($Comparison) {
        'Ratio' { if ($subjectStats -and $baselineStats) { Get-BenchPairedRatio $SubjectValues $BaselineValues } }
        'Difference' { if ($subjectStats -and $baselineStats) { Get-BenchPairedDifference $SubjectValues $BaselineValues } }
        'Value' { $subjectStats }
    }
    $met = if ($compared -and $Meets) { [bool](& $Meets $compared.Median $subjectStats.Median) }
    [pscustomobject]@{
        PSTypeName = 'PcscTools.BenchRow'
        Id         = $Id
        Title      = $Title
        Status     = $Status
        Unit       = $Unit
        Subject    = $Subject
        SubjectStatistics = $subjectStats
        Baseline   = $Baseline
        BaselineStatistics = $baselineStats
        Comparison = $Comparison
        ComparedStatistics = $compared
        Target     = $Target
        TargetMet  = $met
        Note       = $Note
    }
}

function New-MissingBenchRow {
    param([Parameter(Mandatory)] [string] $Id, [Parameter(Mandatory)] [string] $Title, [string] $Target, [Parameter(Mandatory)] [string] $Reason)
    New-BenchRow -Id $Id -Title $Title -Status Missing -Target $Target -Note $Reason
}
