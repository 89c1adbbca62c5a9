using System.Management.Automation;
using PcscTools.Simulator;

namespace PcscTools.Module.Lifecycle;

/// <summary>On Remove-Module, stops a simulator this process started, so no private pcscd outlives the module.</summary>
public sealed class ModuleCleanup : IModuleAssemblyCleanup
{
    public void OnRemove(PSModuleInfo psModuleInfo) => PcscSimulator.Running?.Dispose();
}
