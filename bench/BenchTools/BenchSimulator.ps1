# The stack every row runs on: the project's private pcscd with vpcd readers (a process of its own, started through
# PcscSimulator), and the virtual cards served by the card server (bench/CardServer), another process of its own:
# no measured client shares a process with a card or with pcscd.

function Build-BenchCardServer {
    <#
    .SYNOPSIS
        Builds bench/CardServer with dotnet into the output folder; returns how to start it (the dotnet host and its assembly).
    #>
    param([Parameter(Mandatory)] [string] $OutputFolder)
    $project = Join-Path $PSScriptRoot '../CardServer/CardServer.csproj'
    $output = & dotnet build $project -c Release -o $OutputFolder -nologo -v quiet -clp:ErrorsOnly 2>&1
    if ($LASTEXITCODE -ne 0) { throw "dotnet could not build the card server: $($output -join ' ')" }
    [pscustomobject]@{ FilePath = (Get-Command dotnet -CommandType Application)[0].Source; Assembly = Join-Path $OutputFolder 'PcscTools.Bench.CardServer.dll' }
}

function Start-BenchSimulator {
    <#
    .SYNOPSIS
        Starts the private pcscd with empty readers and the card server beside it; returns the stack with the
        environment child processes need to reach the daemon.
    #>
    param([int] $ReaderCount = 2, [Parameter(Mandatory)] $CardServer)
    $simulator = Start-PcscSimulator -ReaderCount $ReaderCount -NoCard
    $environment = @{ PCSCLITE_CSOCK_NAME = $simulator.SocketPath }
    $slots = foreach ($slot in $simulator.Daemon.Slots) { $slot.ReaderName; [string]$slot.Port }
    try {
        $cards = Start-BenchChild $CardServer.FilePath -Arguments (@($CardServer.Assembly) + $slots) -Environment $environment -RedirectInput
        if ((Read-BenchChildLine $cards -TimeoutSeconds 60) -ne 'ready') { throw 'The card server did not start.' }
    }
    catch {
        Stop-PcscSimulator
        throw
    }
    [pscustomobject]@{
        Simulator   = $simulator
        Readers     = $simulator.ReaderNames
        Environment = $environment
        CardServer  = $cards
    }
}

function Send-BenchCardCommand {
    param([Parameter(Mandatory)] $Stack, [Parameter(Mandatory)] [string] $Verb, [Parameter(Mandatory)] [string] $Reader, [switch] $NoWait)
    $Stack.CardServer.StandardInput.WriteLine("$Verb $(if ($NoWait) { 'nowait' } else { 'wait' }) $Reader")
    $Stack.CardServer.StandardInput.Flush()
    $answer = (Read-BenchChildLine $Stack.CardServer -TimeoutSeconds 20) -split ' ', 2
    if ($answer[0] -eq 'error') { throw "The card server could not $Verb the card of '$Reader': $($answer[1])" }
    [long]$answer[1]
}

function Add-BenchCard {
    <#
    .SYNOPSIS
        Inserts the reader's card (by default returning once pcscd reports it); returns CLOCK_MONOTONIC ns just before the insertion.
    #>
    param([Parameter(Mandatory)] $Stack, [Parameter(Mandatory)] [string] $Reader, [switch] $NoWait)
    Send-BenchCardCommand -Stack $Stack -Verb insert -Reader $Reader -NoWait:$NoWait
}

function Remove-BenchCard {
    <#
    .SYNOPSIS
        Removes the reader's card (by default returning once pcscd reports it gone); returns CLOCK_MONOTONIC ns just before the removal.
    #>
    param([Parameter(Mandatory)] $Stack, [Parameter(Mandatory)] [string] $Reader, [switch] $NoWait)
    Send-BenchCardCommand -Stack $Stack -Verb remove -Reader $Reader -NoWait:$NoWait
}

function Stop-BenchSimulator {
    param($Stack)
    if ($Stack) {
        try {
            $Stack.CardServer.StandardInput.WriteLine('quit')
            $Stack.CardServer.StandardInput.Close()
            $null = $Stack.CardServer.WaitForExit(5000)
        }
        catch [System.IO.IOException] {
            # The card server already ended; Stop-BenchChild below reports nothing more.
        }
        Stop-BenchChild $Stack.CardServer
    }
    Stop-PcscSimulator
}
