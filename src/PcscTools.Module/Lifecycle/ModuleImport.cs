using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PcscTools.Module.Pester;

namespace PcscTools.Module.Lifecycle;

/// <summary>On Import-Module, makes Should -HaveStatusWord available when Pester 5 is loaded, so a test file needs no extra step.</summary>
public sealed class ModuleImport : IModuleAssemblyInitializer
{
    public void OnImport()
    {
        if (Runspace.DefaultRunspace is null)
        {
            return;
        }
        using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
        shell.AddScript(ShouldOperators.RegisterIfPesterLoaded).Invoke();
    }
}
