# PcscTools' client for the rows that time APDUs: a pwsh of its own running bench/Clients/PcscToolsApduClient.ps1,
# started once per row and asked for one timed loop at a time, as the C loop and pyscard are run in processes of their own.

function Start-BenchApduClient {
    <#
    .SYNOPSIS
        Starts the client against the row's simulator, for one reader and one command APDU; ClientArguments adds the
        client script's own parameters (-FloorModulePath, -SelectCommand, -ChannelKey, -ChannelLevel).
    #>
    param(
        [Parameter(Mandatory)] $Context,
        [Parameter(Mandatory)] $Stack,
        [Parameter(Mandatory)] [string] $Reader,
        [Parameter(Mandatory)] [string] $Apdu,
        [string[]] $ClientArguments = @()
    )
    $pwsh = Get-BenchPwshLauncher
    $arguments = $pwsh.Prefix + '-NoLogo', '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot '../Clients/PcscToolsApduClient.ps1'),
        '-ModulePath', $Context.ModulePath, '-Reader', $Reader, '-Apdu', $Apdu, '-Count', $Context.ApduCount + $ClientArguments
    Start-BenchChild $pwsh.FilePath -Arguments $arguments -Environment ($Stack.Environment + @{ POWERSHELL_TELEMETRY_OPTOUT = '1' }) -RedirectInput
}

function Invoke-BenchApduClient {
    <#
    .SYNOPSIS
        Sends the client one request ('warm-up <path>...' or '<path> <size>') and returns its answer.
    #>
    param([Parameter(Mandatory)] [System.Diagnostics.Process] $Client, [Parameter(Mandatory)] [string] $Request)
    $Client.StandardInput.WriteLine($Request)
    Read-BenchChildLine $Client -TimeoutSeconds 180 | ConvertFrom-Json
}
