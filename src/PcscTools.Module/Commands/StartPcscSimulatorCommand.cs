using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PcscTools.Module.Errors;
using PcscTools.Module.Lifecycle;
using PcscTools.Simulator;
using PcscTools.Simulator.Daemon;
using PcscTools.Simulator.VirtualCard;

namespace PcscTools.Module.Commands;

/// <summary>Start-PcscSimulator: a private pcscd with virtual readers and a virtual card, for demos and CI without hardware.</summary>
[Cmdlet(VerbsLifecycle.Start, "PcscSimulator", DefaultParameterSetName = "Card")]
[OutputType(typeof(PcscSimulator))]
public sealed class StartPcscSimulatorCommand : PSCmdlet
{
    /// <summary>How many virtual readers to create; vpcd makes them in pairs, so an odd count is rounded up.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(0, 16)]
    public int ReaderCount { get; set; } = 2;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string ReaderName { get; set; } = "PcscTools Virtual Reader";

    /// <summary>The card for the first reader (from New-PcscVirtualCard); by default the project's virtual card.</summary>
    [Parameter(ParameterSetName = "Card")]
    [ValidateNotNull]
    public VirtualCard? Card { get; set; }

    /// <summary>Leave every reader empty; by default the first reader holds a virtual card.</summary>
    [Parameter(ParameterSetName = "NoCard")]
    public SwitchParameter NoCard { get; set; }

    protected override void EndProcessing()
    {
        PcscSimulator simulator;
        try
        {
            simulator = PcscSimulator.Start((ReaderCount + 1) / 2, ReaderName);
            RunspaceModuleState.Of(Runspace.DefaultRunspace).Simulator = simulator;
        }
        catch (SimulatorUnavailableException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.SimulatorUnavailable(e));
            return;
        }
        catch (InvalidOperationException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.SimulatorAlreadyRunning(e, PcscSimulator.Running));
            return;
        }
        if (!NoCard && simulator.ReaderNames.Count > 0)
        {
            simulator.InsertCard(card: Card);
        }
        WriteObject(simulator);
    }
}
