using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PcscTools.Module.Sessions;

namespace PcscTools.Module.Lifecycle;

/// <summary>
/// On Remove-Module, closes the card sessions this runspace left open and stops the simulator it started, so no private pcscd
/// outlives the module; other runspaces of the process (ForEach-Object -Parallel, thread jobs) keep theirs.
/// </summary>
public sealed class ModuleCleanup : IModuleAssemblyCleanup
{
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        if (Runspace.DefaultRunspace is not { } runspace)
        {
            return;
        }
        RunspaceSessions.CloseAll(runspace);
        RunspaceModuleState.Of(runspace).Simulator?.Dispose();
    }
}
