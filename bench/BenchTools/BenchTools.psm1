# The benchmark harness: statistics, rows and reports, child processes (C baselines, pyscard, fresh pwsh, the card
# server) and runspaces in parallel.
. $PSScriptRoot/BenchStatistics.ps1
. $PSScriptRoot/BenchRow.ps1
. $PSScriptRoot/BenchReport.ps1
. $PSScriptRoot/BenchProcesses.ps1
. $PSScriptRoot/BenchSimulator.ps1
. $PSScriptRoot/BenchRunspaces.ps1
. $PSScriptRoot/BenchWarmUp.ps1
. $PSScriptRoot/BenchApduClient.ps1

Export-ModuleMember -Function Get-BenchStatistics, Get-BenchPairedRatio, Get-BenchPairedDifference, New-BenchRow, New-MissingBenchRow,
    Write-BenchReport, Get-BenchLoadAverage, Build-BenchBaseline, Build-BenchFloorModule, Get-BenchPwshLauncher, Start-BenchChild, Read-BenchChildLine, Stop-BenchChild, Invoke-BenchChild,
    Build-BenchCardServer, Start-BenchSimulator, Add-BenchCard, Remove-BenchCard, Stop-BenchSimulator,
    New-BenchRunspaces, Invoke-BenchRunspaces, Invoke-BenchWarmUp, Measure-BenchJit,
    Start-BenchApduClient, Invoke-BenchApduClient
