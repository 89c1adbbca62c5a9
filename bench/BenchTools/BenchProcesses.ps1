# Baselines and helpers run as child processes pointed at the benchmark's private pcscd, as the card server does:
# C programs built here with the machine's compiler, pyscard, and fresh pwsh processes.

function Build-BenchBaseline {
    <#
    .SYNOPSIS
        Compiles one C baseline from bench/Baselines against libpcsclite; returns the executable's path.
    #>
    param([Parameter(Mandatory)] [string] $Source, [Parameter(Mandatory)] [string] $OutputFolder)
    New-Item -ItemType Directory -Path $OutputFolder -Force | Out-Null
    $executable = Join-Path $OutputFolder ([IO.Path]::GetFileNameWithoutExtension($Source))
    $flags = (& pkg-config --cflags --libs libpcsclite) -split '\s+' | Where-Object { $_ }
    if ($LASTEXITCODE -ne 0) { throw 'pkg-config does not know libpcsclite: install libpcsclite-dev.' }
    $output = & gcc -O2 -Wall -Wextra -Werror -o $executable $Source @flags 2>&1
    if ($LASTEXITCODE -ne 0) { throw "gcc could not build $Source`: $output" }
    $executable
}

function Build-BenchFloorModule {
    <#
    .SYNOPSIS
        Builds bench/Baselines/FloorModule, the least a binary module of PcscTools' shape costs (at import, and per
        call with Send-FloorApdu), with dotnet; returns its manifest's path.
    #>
    param([Parameter(Mandatory)] [string] $OutputFolder)
    $source = Join-Path $PSScriptRoot '../Baselines/FloorModule'
    $output = & dotnet build (Join-Path $source 'FloorModule.csproj') -c Release -o $OutputFolder -nologo 2>&1
    if ($LASTEXITCODE -ne 0) { throw "dotnet could not build the floor module: $($output -join ' ')" }
    Copy-Item (Join-Path $source 'FloorModule.psd1'), (Join-Path $source '*.ps1xml') $OutputFolder
    Join-Path $OutputFolder 'FloorModule.psd1'
}

function Get-BenchPwshLauncher {
    <#
    .SYNOPSIS
        How to start a new pwsh like this one: the executable and the arguments that come before pwsh's own.
    #>
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        return [pscustomobject]@{ FilePath = $process; Prefix = @(Join-Path $PSHOME 'pwsh.dll') }
    }
    [pscustomobject]@{ FilePath = $process; Prefix = @() }
}

function New-BenchStartInfo {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $Arguments = @(), [hashtable] $Environment = @{}, [switch] $RedirectInput)
    $start = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $Arguments) { $start.ArgumentList.Add($argument) }
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
    $start.Environment['NO_COLOR'] = '1'   # Plain error text from pwsh children, for the report.
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.RedirectStandardInput = [bool]$RedirectInput
    $start.UseShellExecute = $false
    $start
}

function Start-BenchChild {
    <#
    .SYNOPSIS
        Starts a child process whose standard output the caller reads line by line (see Read-BenchChildLine); with
        -RedirectInput, the caller also writes to its standard input.
    #>
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $Arguments = @(), [hashtable] $Environment = @{}, [switch] $RedirectInput)
    $process = [System.Diagnostics.Process]::Start((New-BenchStartInfo $FilePath $Arguments $Environment -RedirectInput:$RedirectInput))
    # Drain stderr in the background so a chatty child never blocks on a full pipe; kept to explain a failure.
    $process | Add-Member -NotePropertyName ErrorOutput -NotePropertyValue $process.StandardError.ReadToEndAsync() -PassThru
}

function Read-BenchChildLine {
    <#
    .SYNOPSIS
        The next line a child wrote, or an error naming the child when none comes in time.
    #>
    param([Parameter(Mandatory)] [System.Diagnostics.Process] $Process, [int] $TimeoutSeconds = 10)
    $read = $Process.StandardOutput.ReadLineAsync()
    if (-not $read.Wait([TimeSpan]::FromSeconds($TimeoutSeconds)) -or $null -eq $read.Result) {
        $ended = $read.IsCompleted -and $Process.WaitForExit(2000)   # Output closed: the child is exiting.
        $exit = if ($ended) { " (exited with code $($Process.ExitCode): $($Process.ErrorOutput.Result.Trim()))" }
        throw "$([IO.Path]::GetFileName($Process.StartInfo.FileName)) $($Process.StartInfo.ArgumentList[-1] -replace '\s+', ' ' -replace '^(.{60}).+', '$1…') $(if ($ended) { 'ended' } else { "gave no line within $TimeoutSeconds s" })$exit."
    }
    $read.Result
}

function Stop-BenchChild {
    param([System.Diagnostics.Process] $Process)
    if ($Process -and -not $Process.HasExited) {
        $Process.Kill($true)
        $Process.WaitForExit()
    }
    if ($Process) { $Process.Dispose() }
}

function Invoke-BenchChild {
    <#
    .SYNOPSIS
        Runs a child to completion and returns its standard output; a non-zero exit or a timeout is an error with its stderr.
    #>
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $Arguments = @(), [hashtable] $Environment = @{}, [int] $TimeoutSeconds = 120)
    $process = [System.Diagnostics.Process]::Start((New-BenchStartInfo $FilePath $Arguments $Environment))
    try {
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill($true)
            throw "$([IO.Path]::GetFileName($FilePath)) did not finish within $TimeoutSeconds s."
        }
        $process.WaitForExit()
        if ($process.ExitCode -ne 0) { throw "$([IO.Path]::GetFileName($FilePath)) failed (exit code $($process.ExitCode)): $($stderr.Result.Trim())" }
        $stdout.Result
    }
    finally {
        $process.Dispose()
    }
}
