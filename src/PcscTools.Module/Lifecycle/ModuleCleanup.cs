using System.Management.Automation;
using PcscTools.Sessions;
using PcscTools.Simulator;

namespace PcscTools.Module.Lifecycle;

/// <summary>On Remove-Module, closes card sessions left open and stops a simulator this process started, so no private pcscd outlives the module.</summary>
public sealed class ModuleCleanup : IModuleAssemblyCleanup
{
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        SessionRegistry.CloseAll();
        PcscSimulator.Running?.Dispose();
    }
}
