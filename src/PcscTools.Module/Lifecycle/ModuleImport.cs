using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PcscTools.Module.Pester;

namespace PcscTools.Module.Lifecycle;

/// <summary>On Import-Module, makes Should -HaveStatusWord available when Pester 5 is loaded, so a test file needs no extra step.</summary>
public sealed class ModuleImport : IModuleAssemblyInitializer
{
    public void OnImport()
    {
        // Running the registration script is a large share of what importing this module costs (bench/ measures it), so
        // it runs only where Pester 5 can be loaded: Pester 5's module always loads its Pester.dll first.
        if (Runspace.DefaultRunspace is null || !PesterAssemblyLoaded())
        {
            return;
        }
        using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
        shell.AddScript(ShouldOperators.RegisterIfPesterLoaded).Invoke();
    }

    private static bool PesterAssemblyLoaded() =>
        AppDomain.CurrentDomain.GetAssemblies().Any(assembly => assembly.GetName().Name == "Pester");
}
