using PcscTools.Sandboxes;
using PcscTools.Errors;
using PcscTools.Interop;

namespace PcscTools.PcscdProtocol;

/// <summary>
/// Finds out whether a client library and pcscd can talk: observes the protocol the library speaks (and
/// whether it falls back), asks the daemon with exactly the exchange that library would make, and explains
/// the outcome with the release history. This is what Test-PcscProtocol shows and what errors for
/// SCARD_E_SERVICE_STOPPED / SCARD_E_NO_SERVICE quote.
/// </summary>
public static class ProtocolDiagnosis
{
    /// <summary>The version probed with when the client's own could not be observed: the one most daemons in the field accept.</summary>
    private static readonly Version Fallback = new(4, 4);

    /// <summary>Runs the diagnosis. Throws <see cref="FileNotFoundException"/>, <see cref="DllNotFoundException"/> or <see cref="EntryPointNotFoundException"/> when the client library cannot be loaded.</summary>
    public static ProtocolReport Run(DiagnosisRequest request, CancellationToken cancel = default)
    {
        var socketFromEnvironment = request.SocketPath is null && NativeEnvironment.SocketPathInUse != NativeEnvironment.DefaultSocketPath;
        var socketPath = request.SocketPath ?? NativeEnvironment.SocketPathInUse;
        var sandbox = request.Sandbox ?? SandboxDetector.Detect();
        var library = request.ClientLibrary ?? PcscLibrary.CurrentPath;
        if (request.Client is null && !File.Exists(library))
        {
            throw new FileNotFoundException($"There is no client library at '{library}'.", library);
        }
        var client = ClientProtocolObserver.Observe(library, request.Client ?? InProcessClient.For(library), request.ClientTimeout);
        var daemon = DaemonProbe.Probe(socketPath, client.Announced ?? Fallback, client.FallsBack == true, request.Timeout, cancel);
        return ProtocolAdvice.Explain(new ProtocolFindings(client, daemon, sandbox, socketFromEnvironment));
    }
}
