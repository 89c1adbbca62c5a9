using System.Management.Automation;
using PcscTools.Simulator;
using PcscTools.Simulator.Daemon;

namespace PcscTools.Module.Commands;

/// <summary>Start-PcscSimulator: a private pcscd with virtual readers and a virtual card, for demos and CI without hardware.</summary>
[Cmdlet(VerbsLifecycle.Start, "PcscSimulator")]
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

    /// <summary>Leave every reader empty; by default the first reader holds a virtual card.</summary>
    [Parameter]
    public SwitchParameter NoCard { get; set; }

    protected override void EndProcessing()
    {
        PcscSimulator simulator;
        try
        {
            simulator = PcscSimulator.Start((ReaderCount + 1) / 2, ReaderName);
        }
        catch (SimulatorUnavailableException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "SimulatorUnavailable", ErrorCategory.NotInstalled, null));
            return;
        }
        catch (InvalidOperationException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "SimulatorAlreadyRunning", ErrorCategory.ResourceExists, PcscSimulator.Running));
            return;
        }
        if (!NoCard && simulator.ReaderNames.Count > 0)
        {
            simulator.InsertCard();
        }
        WriteObject(simulator);
    }
}
