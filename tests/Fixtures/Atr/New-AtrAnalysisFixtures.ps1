<#
.SYNOPSIS
    Regenerates atr-analysis.json: what pcsc-tools' ATR_analysis prints for a set of real-world and malformed ATRs.
.DESCRIPTION
    The expected values are made here, at fixture-generation time, by running the installed ATR_analysis (Perl)
    on each ATR; the xunit tests (AtrAnalysisAgreementTests) then compare PcscTools' decoder with the file.
    The set: every 25th plain ATR of smartcard_list.txt, a few well-known cards, ATRs that only a regular-expression
    entry matches, and malformed ones (truncated, wrong TCK, too long, memory cards).
    Run: dotnet pwsh -NoProfile -File tests/Fixtures/Atr/New-AtrAnalysisFixtures.ps1
#>
param([string] $ListPath = '/usr/share/pcsc/smartcard_list.txt')

$ErrorActionPreference = 'Stop'
Import-Module "$PSScriptRoot/AtrAnalysisReference.psm1" -Force

$plain = Get-Content -LiteralPath $ListPath | Where-Object { $_ -match '^3[BF]( [0-9A-F]{2})+$' }
$sampled = for ($i = 0; $i -lt $plain.Count; $i += 25) { $plain[$i] }

$handPicked = @(
    '3B 80 80 01 01'                                                   # the project's virtual card, T=0 and T=1
    '3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A'      # MIFARE Classic 1K through PC/SC part 3
    '3B F8 13 00 00 81 31 FE 15 59 75 62 69 6B 65 79 34 D4'            # YubiKey 4
    '3B 88 80 01 00 00 00 00 33 81 81 00 3A'                           # German eID
    '3B DB 96 00 80 B1 FE 45 1F 83 00 31 C0 64 C7 FC 10 00 01 90 00 74'
    '3F 65 25 00 2C 09 69 90 00'                                       # inverse convention, a regular-expression entry
    '3B 6F 00 00 80 5A 29 13 09 10 11 36 12 34 56 78 82 90 00'         # only a regular-expression entry matches
    '3B 02 14'                                                         # truncated historical bytes
    '3B 9F 95 81'                                                      # truncated interface bytes
    '3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6B'      # wrong TCK
    '3B 80 80 01 00'                                                   # wrong TCK, no historical bytes
    '3B 80 80 01'                                                      # TCK missing though T=1 is offered
    '3B 02 14 50 00'                                                   # T=0 only, one byte too many (read as a TCK)
    '3B 02 14 50 00 00 00'                                             # too long
    '3B 00'                                                            # no interface or historical bytes
    '3B'                                                               # TS only
    'A2 13 10 91'                                                      # memory card (TS undefined)
    '3B 1F 11 00 67 42 41 46 49 53 45 53 52 66 FF 81 90 00'            # Fi/Di from TA1
    '3B F0 12 00 FF 91 81 B1 7C 45 1F 03 99'                           # TA1/TB1/TC1/TD1, T=1 specific bytes
    '3B D6 18 00 81 B1 80 7D 1F 03 80 51 00 61 10 30 8F'               # T=15 global bytes
    '3B 9F 76 80 1F 03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00' # RFU Di code
)

$fixtures = @($sampled) + $handPicked | Invoke-AtrAnalysisReference -ListPath $ListPath
$document = [ordered]@{
    generatedBy = 'tests/Fixtures/Atr/New-AtrAnalysisFixtures.ps1'
    reference   = (& dpkg-query -W -f '${Package} ${Version}' pcsc-tools)
    list        = $ListPath
    listSha256  = (Get-FileHash -LiteralPath $ListPath -Algorithm SHA256).Hash
    atrs        = $fixtures
}
$document | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath "$PSScriptRoot/atr-analysis.json" -Encoding utf8NoBOM
Write-Host "$($fixtures.Count) ATRs written to $PSScriptRoot/atr-analysis.json"
