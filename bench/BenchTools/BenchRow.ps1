# One row of the benchmark table: what PcscTools measured, what its baseline measured in the same run, and how they compare.

function Get-BenchMode {
    <#
    .SYNOPSIS
        How a row measures PcscTools: through the named cmdlets when the module has them (Real), else through a Core
        stand-in (Provisional), which New-BenchRow -Mode then names as the subject and explains in the note.
    #>
    param([Parameter(Mandatory)] [string[]] $Command, [Parameter(Mandatory)] [string] $StandIn)
    $real = Test-BenchCommand $Command
    [pscustomobject]@{
        IsReal  = $real
        Status  = if ($real) { 'Real' } else { 'Provisional' }
        StandIn = $StandIn
        Note    = if (-not $real) { "Provisional: $($Command -join ', ') not in the module yet; measured through $StandIn instead." }
    }
}

function New-BenchRow {
    <#
    .SYNOPSIS
        Builds a row. Comparison is 'Ratio' (subject/baseline, paired), 'Difference' (subject−baseline, paired) or
        'Value' (the subject alone, for a row whose target is absolute). Status: Real (through the cmdlets),
        Provisional (through Core while the cmdlet has not landed), Missing (could not be measured; Note says why).
    #>
    param(
        [Parameter(Mandatory)] [string] $Id,
        [Parameter(Mandatory)] [string] $Title,
        [ValidateSet('Real', 'Provisional', 'Missing')] [string] $Status = 'Real',
        # From Get-BenchMode: sets the status and, while provisional, the subject and a note saying so.
        $Mode,
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
    if ($Mode) {
        $Status = $Mode.Status
        if (-not $Mode.IsReal) {
            $Subject = "$($Mode.StandIn) (provisional)"
            $Note = (@($Mode.Note, $Note) | Where-Object { $_ }) -join ' '
        }
    }
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
