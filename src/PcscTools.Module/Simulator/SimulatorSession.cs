using System.Management.Automation;
using PcscTools.Module.Errors;
using PcscTools.Simulator;

namespace PcscTools.Module.Simulator;

/// <summary>The running simulator as the card cmdlets need it: present, or the command ends with SimulatorNotRunning.</summary>
internal static class SimulatorSession
{
    public static PcscSimulator Require(PSCmdlet cmdlet)
    {
        if (PcscSimulator.Running is not { } simulator)
        {
            cmdlet.ThrowTerminatingError(ErrorRecordFactory.SimulatorNotRunning());
            throw new InvalidOperationException("unreachable: ThrowTerminatingError throws");
        }
        return simulator;
    }

    /// <summary>The simulator's own spelling of a reader name given in any case, or null.</summary>
    public static string? FindReader(PcscSimulator simulator, string name) =>
        simulator.ReaderNames.FirstOrDefault(r => r.Equals(name, StringComparison.OrdinalIgnoreCase));
}
