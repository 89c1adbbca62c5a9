<#
    Runs pcsc-tools' ATR_analysis (Perl) and reads its text into the facts PcscTools must agree with: protocols,
    Fi/Di, TCK verdict and the matched smartcard_list.txt patterns. Used by New-AtrAnalysisFixtures.ps1 (to write
    atr-analysis.json) and by the Pester cross-check that runs ATR_analysis live.
#>

function Invoke-AtrAnalysisReference {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)] [string] $Atr,
        # The list ATR_analysis must read. It is copied into a private XDG cache (fresh mtime), because ATR_analysis
        # otherwise tries to download a newer list into ~/.cache and, offline, leaves an empty file there.
        [string] $ListPath = '/usr/share/pcsc/smartcard_list.txt'
    )
    begin {
        $cache = Join-Path ([IO.Path]::GetTempPath()) "atr-analysis-$PID"
        New-Item -ItemType Directory -Path $cache -Force | Out-Null
        $copy = Copy-Item -LiteralPath $ListPath -Destination (Join-Path $cache 'smartcard_list.txt') -Force -PassThru
        $copy.LastWriteTime = Get-Date
        $previous = $env:XDG_CACHE_HOME
        $env:XDG_CACHE_HOME = $cache
    }
    process {
        $lines = @(& ATR_analysis $Atr 2>&1 | ForEach-Object { ("$_" -replace "`e\[[0-9;]*m", '').TrimEnd() })
        ConvertFrom-AtrAnalysisText -Atr $Atr -Lines $lines
    }
    end {
        $env:XDG_CACHE_HOME = $previous
        Remove-Item -LiteralPath $cache -Recurse -Force
    }
}

function ConvertFrom-AtrAnalysisText([string] $Atr, [string[]] $Lines) {
    $protocols = [Collections.Generic.List[string]]::new()
    foreach ($line in $Lines) {
        if ($line -match 'Protocol T = (\d+)' -and -not $protocols.Contains("T=$($Matches[1])")) { $protocols.Add("T=$($Matches[1])") }
    }
    if ($protocols.Count -eq 0 -and ($Lines -match '^\+ T0 = ')) { $protocols.Add('T=0') }

    $fi, $di = 372, 1
    $ta1 = $Lines -match '^\s+TA\(1\) = ' | Select-Object -First 1
    if ($ta1 -and $ta1 -match 'Fi=(\w+), Di=(\w+)') {
        $fi = if ($Matches[1] -eq 'RFU') { $null } else { [int]$Matches[1] }
        $di = if ($Matches[2] -eq 'RFU') { $null } else { [int]$Matches[2] }
    }

    $tck = $Lines -match '^\+ TCK = ' | Select-Object -First 1
    $tckValid = if (-not $tck) { $null } elseif ($tck -match 'correct checksum') { $true } else { $false }

    # After "Possibly identified card": a pattern line is followed by its tab-indented descriptions; a line
    # followed by another untabbed line is ATR_analysis echoing the ATR before a regular-expression pattern.
    $start = [array]::FindIndex($Lines, [Predicate[string]] { param($l) $l -like 'Possibly identified card*' })
    $cards = [Collections.Generic.List[object]]::new()
    if ($start -ge 0) {
        for ($i = $start + 1; $i -lt $Lines.Count - 1; $i++) {
            if ($Lines[$i] -and $Lines[$i] -notmatch "^`t" -and $Lines[$i + 1] -match "^`t" -and $Lines[$i + 1] -ne "`tNONE") {
                $descriptions = for ($j = $i + 1; $j -lt $Lines.Count -and $Lines[$j] -match "^`t"; $j++) { $Lines[$j].Substring(1) }
                $cards.Add([pscustomobject]@{ Pattern = $Lines[$i]; Descriptions = @($descriptions) })
            }
        }
    }

    [pscustomobject]@{
        Atr       = $Atr
        Protocols = @($protocols)
        Fi        = $fi
        Di        = $di
        TckValid  = $tckValid
        LookedUp  = $start -ge 0
        Cards     = @($cards)
    }
}

Export-ModuleMember -Function Invoke-AtrAnalysisReference
