# The stack every row runs on: the project's private pcscd with vpcd readers, cards served by this process.

function Start-BenchSimulator {
    <#
    .SYNOPSIS
        Starts the simulator with empty readers; returns it with the environment child processes need to reach it.
    #>
    param([int] $ReaderCount = 2)
    $simulator = Start-PcscSimulator -ReaderCount $ReaderCount -NoCard
    [pscustomobject]@{
        Simulator   = $simulator
        Readers     = $simulator.ReaderNames
        Environment = @{ PCSCLITE_CSOCK_NAME = $simulator.SocketPath }
    }
}

function Stop-BenchSimulator {
    Stop-PcscSimulator
}
