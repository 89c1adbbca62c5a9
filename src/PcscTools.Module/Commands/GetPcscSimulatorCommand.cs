using System.Management.Automation;
using PcscTools.Simulator;

namespace PcscTools.Module.Commands;

/// <summary>Get-PcscSimulator: the simulator running in this session, if any.</summary>
[Cmdlet(VerbsCommon.Get, "PcscSimulator")]
[OutputType(typeof(PcscSimulator))]
public sealed class GetPcscSimulatorCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        if (PcscSimulator.Running is { } simulator)
        {
            WriteObject(simulator);
        }
    }
}
