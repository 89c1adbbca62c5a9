using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using PcscTools.Simulator;

namespace PcscTools.Module.Lifecycle;

/// <summary>
/// What the module holds for one runspace, so that removing the module there (or a parallel runspace ending) touches that
/// runspace's state only: the simulator it started. Its card sessions are found by owner (<see cref="Sessions.RunspaceSessions"/>).
/// </summary>
internal sealed class RunspaceModuleState
{
    private static readonly ConditionalWeakTable<Runspace, RunspaceModuleState> States = new();

    /// <summary>The state of <paramref name="runspace"/>, made on first use.</summary>
    public static RunspaceModuleState Of(Runspace runspace) => States.GetValue(runspace, _ => new RunspaceModuleState());

    /// <summary>The simulator this runspace started, if it still runs.</summary>
    public PcscSimulator? Simulator
    {
        get => _simulator is { } simulator && PcscSimulator.Running == simulator ? simulator : null;
        set => _simulator = value;
    }

    private PcscSimulator? _simulator;
}
