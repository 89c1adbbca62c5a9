using System.Management.Automation;
using PcscTools.Access;
using PcscTools.Interop;
using PcscTools.Module.Completion;
using PcscTools.PcscdProtocol;

namespace PcscTools.Module.Commands;

/// <summary>
/// Get-PcscClient: the processes connected to pcscd (PID, name, command line, user, connections), marking the
/// ones known to hold cards exclusively; warns about what this user cannot see. The work is PcscClientFinder in Core.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PcscClient")]
[OutputType(typeof(PcscClient))]
public sealed class GetPcscClientCommand : PSCmdlet
{
    /// <summary>Process names to keep (wildcards); default: every client.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PcscClientNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>pcscd's socket; default: PCSCLITE_CSOCK_NAME, else /run/pcscd/pcscd.comm.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? SocketPath { get; set; }

    protected override void ProcessRecord()
    {
        var socket = SocketPath is null ? NativeEnvironment.SocketPathInUse : GetUnresolvedProviderPathFromPSPath(SocketPath);
        var survey = PcscClientFinder.Find(socket);
        foreach (var unseen in survey.Unseen)
        {
            WriteWarning(unseen);
        }
        var patterns = Name?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToList();
        foreach (var client in survey.Clients.Where(c => patterns is null || patterns.Any(p => p.IsMatch(c.Name))))
        {
            WriteObject(client);
        }
    }
}
