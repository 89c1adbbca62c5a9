using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PcscTools.Access;
using PcscTools.Interop;
using PcscTools.PcscdProtocol;

namespace PcscTools.Module.Completion;

/// <summary>Completes the names of the processes connected to pcscd now.</summary>
public sealed class PcscClientNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var socket = fakeBoundParameters["SocketPath"] as string ?? NativeEnvironment.SocketPathInUse;
        return ReaderNameCompleter.Matching(PcscClientFinder.Find(socket).Clients.Select(c => c.Name).Distinct(), wordToComplete);
    }
}
