<#
.SYNOPSIS
    Builds, tests and demonstrates PcscTools.
.DESCRIPTION
    Build : compiles the solution and lays out an importable module in out/PcscTools, help included.
    Docs  : compiles docs/cmdlets/*.md and docs/about_*.md into the module's en-US help (part of Build).
    Package: Build, then a gallery-ready out/packages/PcscTools.<version>.nupkg (PSResourceGet's Compress-PSResource).
    Test  : Build, then the xunit suite and the Pester suite; ends with one "N passed, N failed" line over both.
    Demo  : Build, then shows the readers (on a private simulator when this machine has none).
    Bench : Build, then bench/Invoke-Benchmark.ps1: every benchmark against its baseline in the same run;
            writes out/bench/results.md and results.json.
    Run it through ./build.sh on a fresh machine: that installs pcscd, vpcd and the pinned pwsh first.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Docs', 'Package', 'Test', 'Demo', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'PcscTools'

function Invoke-Native([string] $what, [scriptblock] $command) {
    & $command
    if ($LASTEXITCODE -ne 0) { throw "$what failed (exit code $LASTEXITCODE)." }
}

function Invoke-Build {
    Invoke-Native 'dotnet build' { dotnet build "$root/PcscTools.sln" -c $Configuration --nologo -v quiet -clp:ErrorsOnly }
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    $bin = New-Item -ItemType Directory -Path "$moduleOut/bin" -Force
    Copy-Item "$root/artifacts/bin/PcscTools.Module/$Configuration/net8.0/PcscTools.*.dll" $bin
    Copy-Item "$root/PcscTools.psd1", "$root/LICENSE" $moduleOut
    Copy-Item "$root/src/PcscTools.Module/Formatting/*.ps1xml" $moduleOut
    Invoke-Docs
    Write-Host "Module laid out in $moduleOut"
}

function Invoke-Docs {
    # The project's own markdown -> MAML compiler (platyPS is not served here); Get-Help reads en-US/<assembly>-Help.xml.
    Import-Module "$root/build/Help/MarkdownHelp.psm1" -Force
    Build-ModuleHelp -DocsFolder "$root/docs" -OutputFolder "$moduleOut/en-US" | ForEach-Object { Write-Host "Help: $($_.Name)" }
}

function Invoke-Package {
    $packages = Join-Path $out 'packages'
    if (Test-Path $packages) { Remove-Item $packages -Recurse -Force }
    New-Item -ItemType Directory -Path $packages -Force | Out-Null
    # Compress-PSResource validates the manifest and writes the same nupkg Publish-PSResource would upload.
    Compress-PSResource -Path $moduleOut -DestinationPath $packages
    Get-ChildItem $packages -Filter '*.nupkg' | ForEach-Object { Write-Host "Package: $($_.FullName)" }
}

function Invoke-XunitTests {
    $results = Join-Path $out 'test-results'
    New-Item -ItemType Directory -Path $results -Force | Out-Null
    $trx = Join-Path $results 'xunit.trx'
    Remove-Item $trx -ErrorAction Ignore
    dotnet test "$root/tests/PcscTools.Core.Tests" -c $Configuration --no-build --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' | Out-Host
    if (-not (Test-Path $trx)) { return [pscustomobject]@{ Passed = 0; Failed = 1; FailedNames = @("no results were written: $trx") } }
    $run = ([xml](Get-Content $trx -Raw)).TestRun
    $counters = $run.ResultSummary.Counters
    [pscustomobject]@{
        Passed = [int]$counters.passed
        Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout
        FailedNames = @($run.Results.UnitTestResult | Where-Object outcome -NE 'Passed' | ForEach-Object {
            "$($_.testName): $(("$($_.Output.ErrorInfo.Message)" -split "`n")[0])"
        })
    }
}

function Invoke-PesterTests {
    $summary = Join-Path $out 'test-results/pester-summary.json'
    Remove-Item $summary -ErrorAction Ignore
    # A fresh pwsh, so the tests import the built module exactly as a user would.
    dotnet pwsh -NoLogo -NoProfile -File "$root/tests/Pester/Invoke-PesterSuite.ps1" -ModulePath "$moduleOut/PcscTools.psd1" -SummaryPath $summary | Out-Host
    if (-not (Test-Path $summary)) { return [pscustomobject]@{ Passed = 0; Failed = 1; FailedNames = @("no summary was written: $summary") } }
    Get-Content $summary -Raw | ConvertFrom-Json
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Docs' { Invoke-Docs }
    'Package' {
        Invoke-Build
        Invoke-Package
    }
    'Test' {
        Invoke-Build
        Invoke-Package
        $xunit = Invoke-XunitTests
        $pester = Invoke-PesterTests
        # The failures again, just above the totals, where the tail of a CI log shows them.
        $xunit.FailedNames | ForEach-Object { Write-Host "FAILED (xunit): $_" }
        $pester.FailedNames | ForEach-Object { Write-Host "FAILED (Pester): $_" }
        Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed"
        $failed = $xunit.Failed + $pester.Failed
        Write-Host "$($xunit.Passed + $pester.Passed) passed, $failed failed"
        exit ([int]($failed -gt 0))
    }
    'Demo' {
        Invoke-Build
        dotnet pwsh -NoLogo -NoProfile -File "$root/examples/Demo.ps1" -ModulePath "$moduleOut/PcscTools.psd1"
        exit $LASTEXITCODE
    }
    'Bench' {
        Invoke-Build
        # A fresh pwsh, so the benchmark imports the built module exactly as a user would.
        dotnet pwsh -NoLogo -NoProfile -File "$root/bench/Invoke-Benchmark.ps1" -ModulePath "$moduleOut/PcscTools.psd1" -OutputPath "$out/bench"
        exit $LASTEXITCODE
    }
}
