using System.Management.Automation.Runspaces;
using PcscTools.Sessions;

namespace PcscTools.Module.Sessions;

/// <summary>Closes the card sessions a runspace opened when that runspace closes, so a script that forgets Disconnect-PcscCard leaves no card held.</summary>
internal static class RunspaceSessions
{
    private static readonly HashSet<Guid> Watched = new();

    /// <summary>The owner key for sessions opened in <paramref name="runspace"/>; starts watching it on first use.</summary>
    public static object OwnerFor(Runspace runspace)
    {
        lock (Watched)
        {
            if (Watched.Add(runspace.InstanceId))
            {
                runspace.StateChanged += OnStateChanged;
            }
        }
        return runspace.InstanceId;
    }

    /// <summary>Closes the sessions opened in <paramref name="runspace"/>, leaving the cards as they are.</summary>
    public static void CloseAll(Runspace runspace) => SessionRegistry.CloseAll(runspace.InstanceId);

    private static void OnStateChanged(object? sender, RunspaceStateEventArgs e)
    {
        if (sender is Runspace runspace && e.RunspaceStateInfo.State is RunspaceState.Closing or RunspaceState.Closed or RunspaceState.Broken)
        {
            CloseAll(runspace);
        }
    }
}
