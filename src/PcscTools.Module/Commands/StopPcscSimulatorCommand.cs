using System.Management.Automation;
using PcscTools.Simulator;

namespace PcscTools.Module.Commands;

/// <summary>Stop-PcscSimulator: removes the virtual cards and stops the private pcscd that Start-PcscSimulator began.</summary>
[Cmdlet(VerbsLifecycle.Stop, "PcscSimulator")]
[OutputType(typeof(void))]
public sealed class StopPcscSimulatorCommand : PSCmdlet
{
    protected override void EndProcessing() => PcscSimulator.Running?.Dispose();
}
