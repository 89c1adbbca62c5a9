using PcscTools.Interop;
using PcscTools.Sandboxes;
using PcscTools.Errors;

namespace PcscTools.PcscdProtocol;

/// <summary>Turns the findings of a diagnosis into a report: status, release ranges, a message and a concrete remedy.</summary>
public static class ProtocolAdvice
{
    private const string StartPcscd = "'sudo systemctl enable --now pcscd.socket' (or run 'sudo pcscd')";

    public static ProtocolReport Explain(ProtocolFindings findings)
    {
        var (client, daemon, sandbox, _) = findings;
        var daemons = daemon.Outcome == DaemonProbeOutcome.Answered
            ? PcscLiteHistory.DaemonsAnswering(daemon.Protocol!, daemon.Sent!, daemon.FirstVerdict!.Value)
            : [];
        var clients = client.Announced is null ? [] : ClientsFitting(client);
        var (status, message, remedy) = Reason(findings, daemons, clients);
        return new ProtocolReport
        {
            SocketPath = daemon.SocketPath,
            DaemonReachable = daemon.Outcome == DaemonProbeOutcome.Answered,
            DaemonProtocol = daemon.Protocol,
            ClientProtocol = client.Announced,
            DaemonPcscLite = daemon.Protocol is null ? null : RangeOf(daemons.Select(d => d.Releases), daemon.Protocol),
            ClientPcscLite = client.Announced is null ? null : RangeOf(clients.Select(c => c.Releases), client.Announced),
            ClientLibrary = client.Library,
            ClientFallsBack = client.FallsBack,
            Compatible = status == ProtocolStatus.Ok,
            DaemonVerdict = daemon.FinalVerdict,
            Sandbox = sandbox.Kind,
            SandboxName = sandbox.Name,
            Status = status,
            Message = message,
            Remedy = remedy,
        };
    }

    private static IReadOnlyList<ClientRelease> ClientsFitting(ClientObservation client)
    {
        var fitting = PcscLiteHistory.ClientsSpeaking(client.Announced!, client.FallsBack);
        return fitting.Count > 0 ? fitting : PcscLiteHistory.ClientsSpeaking(client.Announced!, null);
    }

    private static string RangeOf(IEnumerable<PcscLiteRange> ranges, Version protocol)
    {
        var text = PcscLiteHistory.Describe(ranges);
        return text.Length > 0 ? text : $"unknown (no pcsc-lite release speaks {protocol})";
    }

    private static (ProtocolStatus, string, string) Reason(ProtocolFindings findings, IReadOnlyList<DaemonRelease> daemons, IReadOnlyList<ClientRelease> clients)
    {
        var (client, daemon, sandbox, fromEnvironment) = findings;
        var socket = daemon.SocketPath;
        var where = fromEnvironment ? $"'{socket}' (from PCSCLITE_CSOCK_NAME)" : $"'{socket}'";
        switch (daemon.Outcome)
        {
            case DaemonProbeOutcome.SocketMissing:
                return (ProtocolStatus.SocketMissing, $"There is no pcscd socket at {where}{Suffix(daemon.Detail)}.", MissingSocketRemedy(sandbox, socket, fromEnvironment));
            case DaemonProbeOutcome.NotASocket:
                return (ProtocolStatus.NotASocket, $"{where} is a {daemon.FileKind.ToString().ToLowerInvariant()} file, not a socket, so no pcscd can be reached there.",
                    fromEnvironment
                        ? $"Point PCSCLITE_CSOCK_NAME at pcscd's socket, or unset it to use {NativeEnvironment.DefaultSocketPath}."
                        : $"Remove or rename '{socket}' and restart pcscd so that it creates its socket there: 'sudo systemctl restart pcscd.socket pcscd'.");
            case DaemonProbeOutcome.PermissionDenied:
                return (ProtocolStatus.PermissionDenied, $"This user ({Environment.UserName}) may not connect to {where}{Suffix(daemon.Detail)}.",
                    "pcscd's socket is meant to be usable by everyone (mode 0666, 'SocketMode=0666' in pcscd.socket) in a folder everyone may search: " +
                    $"check 'ls -l {socket}' and 'ls -ld {Path.GetDirectoryName(socket)}', restore those modes or ask the administrator" +
                    (sandbox.Kind == SandboxKind.None ? "." : ", and check how the sandbox mounts the socket."));
            case DaemonProbeOutcome.NotListening:
                return (ProtocolStatus.DaemonNotRunning, $"A socket exists at {where}, but nobody listens on it: pcscd is not running (the socket was left behind){Suffix(daemon.Detail)}.",
                    sandbox.Kind == SandboxKind.None
                        ? $"Start pcscd: {StartPcscd}."
                        : $"Start pcscd on the host (outside the {sandbox.Kind.ToString().ToLowerInvariant()}): {StartPcscd}; the sandbox sees the host's socket.");
            case DaemonProbeOutcome.NoAnswer:
                return (ProtocolStatus.NoAnswer, $"{where} accepted the connection but did not answer the version request{Suffix(daemon.Detail)}: pcscd is hung, older than pcsc-lite 1.6.0 (another framing), or this is not pcscd.",
                    "Restart pcscd ('sudo systemctl restart pcscd'), and check what listens there ('ss -xlp | grep pcscd').");
            case DaemonProbeOutcome.Closed:
                return (ProtocolStatus.NoAnswer, $"{where} closed the connection without answering the version request{Suffix(daemon.Detail)}: pcscd refused this client (polkit, or its limit of 200 clients), or this is not pcscd.",
                    "Check pcscd's log on the host ('journalctl -u pcscd'); with polkit, allow this user org.debian.pcsc-lite.access_pcsc; restart pcscd if it is overloaded.");
            case DaemonProbeOutcome.BadAnswer:
                return (ProtocolStatus.BadAnswer, $"{where} answered something that is not pcscd's version reply{Suffix(daemon.Detail)}.",
                    $"Check what listens on '{socket}' ('ss -xlp | grep {Path.GetFileName(socket)}'); point PCSCLITE_CSOCK_NAME at pcscd's socket.");
        }
        var daemonText = $"The pcscd at {where} speaks protocol {daemon.Protocol} (pcsc-lite {RangeOf(daemons.Select(d => d.Releases), daemon.Protocol!)})";
        if (client.Announced is null)
        {
            return (ProtocolStatus.ClientNotObserved,
                $"{daemonText}, but the client library '{client.Library}' sent no version to the probe: {client.Detail}.",
                "Give -ClientLibrary the file that does the work: since pcsc-lite 2.1.0 libpcsclite.so.1 can be a small shim that loads libpcsclite_real.so.1.");
        }
        var clientText = $"the client library '{client.Library}', which speaks {client.Announced} (pcsc-lite {RangeOf(clients.Select(c => c.Releases), client.Announced)}{(client.FallsBack == true ? ", falls back to older daemons" : "")})";
        if (daemon.FinalVerdict == PcscError.Success)
        {
            var how = daemon.RetriedWith is null ? "" : $" after it falls back to {daemon.RetriedWith}";
            return (ProtocolStatus.Ok, $"{daemonText} and accepts {clientText}{how}.", "");
        }
        var code = daemon.FinalVerdict!.Value;
        var effect = code == PcscError.NoService
            ? "so every PC/SC call of a program using that library fails with SCARD_E_NO_SERVICE ('Service not available'), as if pcscd were not running"
            : "so every PC/SC call of a program using that library fails with SCARD_E_SERVICE_STOPPED ('Service was stopped')";
        return (ProtocolStatus.ProtocolMismatch,
            $"{daemonText} and rejects {clientText} with {PcscErrorDescription.Symbol(code)}, {effect}. pcscd logs 'Communication protocol mismatch! Client protocol is {client.Announced.Major}:{client.Announced.Minor}, Server protocol is {daemon.Protocol!.Major}:{daemon.Protocol.Minor}'.",
            MismatchRemedy(sandbox, daemons, clients));
    }

    private static string MismatchRemedy(Sandbox sandbox, IReadOnlyList<DaemonRelease> daemons, IReadOnlyList<ClientRelease> clients)
    {
        var goodClients = PcscLiteHistory.ClientsAcceptedBy(daemons);
        var goodDaemons = PcscLiteHistory.DaemonsAccepting(clients);
        var library = goodClients.Count == 0
            ? "No libpcsclite release is known to be accepted by this pcscd"
            : $"Use a libpcsclite from pcsc-lite {PcscLiteHistory.Describe(goodClients.Select(c => c.Releases))} " +
              $"(protocol {Alternatives(goodClients.Select(c => c.Protocol.ToString()).Distinct().ToList())}) " + sandbox.Kind switch
              {
                  SandboxKind.Flatpak => $"in the flatpak{For(sandbox)}: update the app and its runtime ('flatpak update'), or bundle that libpcsclite with the app",
                  SandboxKind.Snap => $"in the snap{For(sandbox)}: update it ('snap refresh'), or rebuild it with that libpcsclite staged",
                  SandboxKind.Container => "in the container image (install that pcsc-lite's libpcsclite1 there)",
                  _ => "for the program (see which one it loads: 'ldd <program> | grep pcsclite', LD_LIBRARY_PATH)",
              };
        var host = goodDaemons.Count == 0
            ? "no pcscd release accepts this library, so replacing it is the only way"
            : $"or run a pcscd from pcsc-lite {PcscLiteHistory.Describe(goodDaemons.Select(d => d.Releases))} on the host";
        return $"{library}; {host}.";
    }

    private static string MissingSocketRemedy(Sandbox sandbox, string socket, bool fromEnvironment) => sandbox.Kind switch
    {
        SandboxKind.Flatpak =>
            $"Give the flatpak access to the host's pcscd: 'flatpak override --user --socket=pcsc {sandbox.Name ?? "<app-id>"}' (or 'flatpak run --socket=pcsc ...'), and make sure pcscd runs on the host: {StartPcscd}.",
        SandboxKind.Snap =>
            $"Connect the snap to the host's pcscd: 'sudo snap connect {sandbox.Name ?? "<snap>"}:pcscd', and make sure pcscd runs on the host: {StartPcscd}.",
        SandboxKind.Container =>
            $"Mount the host's socket folder into the container (e.g. 'docker run -v /run/pcscd:/run/pcscd:ro ...' or 'podman run -v /run/pcscd:/run/pcscd ...'), and make sure pcscd runs on the host: {StartPcscd}.",
        _ when fromEnvironment =>
            $"PCSCLITE_CSOCK_NAME points at '{socket}', where there is no socket: point it at a running pcscd's socket, or unset it to use {NativeEnvironment.DefaultSocketPath}.",
        _ => $"Install and start pcscd: 'sudo apt-get install pcscd' (Fedora: 'sudo dnf install pcsc-lite'), then {StartPcscd}.",
    };

    /// <summary>"a", "a or b", "a, b or c".</summary>
    private static string Alternatives(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Concat(items) : $"{string.Join(", ", items.Take(items.Count - 1))} or {items[^1]}";

    private static string For(Sandbox sandbox) => sandbox.Name is null ? "" : $" {sandbox.Name}";

    private static string Suffix(string? detail) => detail is null ? "" : $" ({detail})";
}
