<#
.SYNOPSIS
    Runs every *.Tests.ps1 here and in examples/ (the personalisation suite users copy) with Pester 5.7.1 against the
    built module, and writes {Passed, Failed, FailedNames} to a JSON file.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string[]] $Path = @($PSScriptRoot, (Join-Path (Split-Path (Split-Path $PSScriptRoot)) 'examples'))
)

$ErrorActionPreference = 'Stop'
$pester = Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages/pester/5.7.1/tools/Pester.psd1'
if (-not (Test-Path $pester)) {
    dotnet restore (Join-Path $PSScriptRoot '../../build/Dependencies.proj') | Out-Host
}
Import-Module $pester -RequiredVersion 5.7.1

# The test files import the module from here, so they test the built output and not a stale copy.
$env:PCSCTOOLS_MODULE_PATH = (Resolve-Path $ModulePath).Path

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = Join-Path (Split-Path $SummaryPath) 'pester.xml'
$result = Invoke-Pester -Configuration $configuration

[pscustomobject]@{
    Passed = $result.PassedCount
    Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    # Named again at the end of the run, where a CI log's tail shows them.
    FailedNames = @($result.Failed + $result.FailedBlocks | ForEach-Object ExpandedPath) + @($result.FailedContainers | ForEach-Object { "$($_.Item)" })
} | ConvertTo-Json | Set-Content $SummaryPath
