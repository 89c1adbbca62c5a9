# The benchmark's outputs: a markdown table for people and a JSON file for machines, both under out/bench/.

function Get-BenchLoadAverage {
    # The machine's 1, 5 and 15-minute load averages, as the report states them.
    (Get-Content /proc/loadavg -Raw).Split(' ')[0..2] -join ' '
}

function Format-BenchNumber([double] $Value) {
    $magnitude = [math]::Abs($Value)
    if ($magnitude -ge 100) { return $Value.ToString('0', [cultureinfo]::InvariantCulture) }
    if ($magnitude -ge 10) { return $Value.ToString('0.0', [cultureinfo]::InvariantCulture) }
    if ($magnitude -ge 1) { return $Value.ToString('0.00', [cultureinfo]::InvariantCulture) }
    $Value.ToString('0.000', [cultureinfo]::InvariantCulture)
}

function Format-BenchStatistics($Statistics, [string] $Unit, [string] $Prefix = '') {
    if (-not $Statistics) { return '—' }
    $unitText = if ($Unit) { " $Unit" } else { '' }
    $sign = if ($Prefix -and $Statistics.Median -ge 0) { $Prefix } else { '' }
    "$sign$(Format-BenchNumber $Statistics.Median)$unitText (IQR $(Format-BenchNumber $Statistics.Q1)–$(Format-BenchNumber $Statistics.Q3), n=$($Statistics.N))"
}

function Format-BenchComparison($Row) {
    switch ($Row.Comparison) {
        'Ratio' { if ($Row.ComparedStatistics) { (Format-BenchStatistics $Row.ComparedStatistics '×') -replace ' ×', '×' } else { '—' } }
        'Difference' { Format-BenchStatistics $Row.ComparedStatistics $Row.Unit '+' }
        'Value' { '—' }
    }
}

function ConvertTo-BenchMarkdown {
    param([Parameter(Mandatory)] [object[]] $Rows, [Parameter(Mandatory)] $Run)
    $met = @{ $true = 'yes'; $false = '**no**' }
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add("# PcscTools benchmarks")
    $lines.Add('')
    $lines.Add("Run $($Run.StartedUtc) UTC on $($Run.Processors) cores (load average at start $($Run.LoadAverageAtStart)), $($Run.Kernel), pcscd $($Run.Pcscd), $($Run.Compiler); $($Run.DurationSeconds) s.")
    $lines.Add("Medians with interquartile range over n repetitions; ratios and differences are taken pairwise against the baseline measured in the same run.")
    $lines.Add('')
    $lines.Add('| Row | PcscTools | Baseline (same run) | Ratio / difference | Target | Met | Status |')
    $lines.Add('|---|---|---|---|---|---|---|')
    foreach ($row in $Rows) {
        $subject = if ($row.SubjectStatistics) { "$($row.Subject): $(Format-BenchStatistics $row.SubjectStatistics $row.Unit)" } else { '—' }
        $baseline = if ($row.BaselineStatistics) { "$($row.Baseline): $(Format-BenchStatistics $row.BaselineStatistics $row.Unit)" } elseif ($row.Baseline) { $row.Baseline } else { '—' }
        $verdict = if ($null -eq $row.TargetMet) { '—' } else { $met[$row.TargetMet] }
        $lines.Add("| $($row.Title) | $subject | $baseline | $(Format-BenchComparison $row) | $($row.Target) | $verdict | $($row.Status) |")
    }
    $notes = @($Rows | Where-Object Note)
    if ($notes) {
        $lines.Add('')
        $lines.Add('Notes:')
        # Rows that share a note (e.g. every level of one curve) list it once.
        foreach ($group in $notes | Group-Object Note) { $lines.Add("- **$(($group.Group.Title) -join '; ')**: $($group.Name)") }
    }
    $lines -join "`n"
}

function Write-BenchReport {
    <#
    .SYNOPSIS
        Writes results.md and results.json into the folder and returns the markdown.
    #>
    param([Parameter(Mandatory)] [object[]] $Rows, [Parameter(Mandatory)] $Run, [Parameter(Mandatory)] [string] $Folder)
    New-Item -ItemType Directory -Path $Folder -Force | Out-Null
    $markdown = ConvertTo-BenchMarkdown -Rows $Rows -Run $Run
    Set-Content -Path (Join-Path $Folder 'results.md') -Value $markdown -Encoding utf8NoBOM
    [pscustomobject]@{ Run = $Run; Rows = $Rows } | ConvertTo-Json -Depth 6 | Set-Content -Path (Join-Path $Folder 'results.json') -Encoding utf8NoBOM
    $markdown
}
