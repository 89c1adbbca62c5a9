using PcscTools.Errors;

namespace PcscTools.PcscdProtocol;

/// <summary>
/// The one table of pcsc-lite's socket protocol versions, which releases speak them, and how each daemon
/// answers CMD_VERSION. Source: PROTOCOL_VERSION_MAJOR/MINOR in src/winscard_msg.h at every release tag of
/// LudovicRousseau/PCSC (1.6.0 … 2.5.1), the CMD_VERSION case of src/winscard_svc.c at each rule change
/// (commits 3d74e0db, 52aad68e, e1d4e1b9, 18e16b3d, 8b2a0b3b) and the client fallback in src/winscard_clnt.c
/// (db459f95, 4d978d0b); summarised in the project's research notes (research/pcsc-protocol.md §1.4, §2).
/// </summary>
public static class PcscLiteHistory
{
    private static readonly Version V40 = new(4, 0), V42 = new(4, 2), V43 = new(4, 3), V44 = new(4, 4), V45 = new(4, 5), V46 = new(4, 6);

    /// <summary>Protocol 4.x, oldest first. (2.x and 3.0 used another framing that a 4.x peer cannot talk to at all.)</summary>
    public static IReadOnlyList<ProtocolRevision> Revisions { get; } =
    [
        new(V40, new("1.6.0", "1.6.4"), "New framing: header {size, command} and one struct per command, reader states over the socket instead of shared memory."),
        new(new Version(4, 1), new("never released", "never released"), "READER_STATE lost readerID (trunk only)."),
        new(V42, new("1.6.5", "1.8.8"), "READER_STATE gained eventCounter; daemons demand an exact version match. 1.8.4 grew MAX_READERNAME from 100 to 128 without changing the number, so 1.6.5-1.8.3 and 1.8.4-1.8.8 both say 4.2 but cannot talk to each other."),
        new(V43, new("1.8.9", "1.8.23"), "Number only, to make the 1.8.4 layout change detectable."),
        new(V44, new("1.8.24", "2.2.3"), "CMD_WAIT_READER_STATE_CHANGE lost its body and answers with the reader states at once (race fix)."),
        new(V45, new("2.3.0", "2.4.1"), "CMD_GET_READER_EVENTS (the \\\\?PnP?\\Notification counter); 2.4.1 talks to 4.4 peers on both sides."),
        new(V46, new("2.5.0", null), "More than 16 readers: CMD_GET_READERS_STATE_SIZE and _ARRAY; daemons still serve 4.4 and 4.5 clients."),
    ];

    /// <summary>pcscd releases grouped by how they answer CMD_VERSION, oldest first.</summary>
    public static IReadOnlyList<DaemonRelease> Daemons { get; } =
    [
        new(new("1.6.0", "1.6.4"), V40, c => c <= V40, PcscError.NoService, "rejects clients newer than itself with SCARD_E_NO_SERVICE"),
        new(new("1.6.5", "1.8.8"), V42, c => c == V42, PcscError.NoService, "accepts only 4.2, rejects others with SCARD_E_NO_SERVICE"),
        new(new("1.8.9", "1.8.23"), V43, c => c == V43, PcscError.NoService, "accepts only 4.3, rejects others with SCARD_E_NO_SERVICE"),
        new(new("1.8.24", "1.8.25"), V44, c => c == V44, PcscError.NoService, "accepts only 4.4, rejects others with SCARD_E_NO_SERVICE"),
        new(new("1.8.26", "2.2.3"), V44, c => c == V44, PcscError.ServiceStopped, "accepts only 4.4, rejects others with SCARD_E_SERVICE_STOPPED"),
        new(new("2.3.0", "2.4.0"), V45, c => c == V45, PcscError.ServiceStopped, "accepts only 4.5, rejects others with SCARD_E_SERVICE_STOPPED"),
        new(new("2.4.1", "2.4.1"), V45, c => c.Minor >= 4, PcscError.ServiceStopped, "accepts any minor of 4 or more, rejects older clients with SCARD_E_SERVICE_STOPPED"),
        new(new("2.5.0", null), V46, c => c.Major == 4 && c.Minor is >= 4 and <= 6, PcscError.ServiceStopped, "accepts 4.4 to 4.6, rejects others with SCARD_E_SERVICE_STOPPED"),
    ];

    /// <summary>libpcsclite releases grouped by the version they announce and whether they fall back, oldest first.</summary>
    public static IReadOnlyList<ClientRelease> Clients { get; } =
    [
        new(new("1.6.0", "1.6.4"), V40, FallsBack: false),
        new(new("1.6.5", "1.8.8"), V42, FallsBack: false),
        new(new("1.8.9", "1.8.23"), V43, FallsBack: false),
        new(new("1.8.24", "2.2.3"), V44, FallsBack: false),
        new(new("2.3.0", "2.4.0"), V45, FallsBack: false),
        new(new("2.4.1", "2.4.1"), V45, FallsBack: true),
        new(new("2.5.0", null), V46, FallsBack: true),
    ];

    /// <summary>The releases that speak <paramref name="protocol"/>, or null when no release does.</summary>
    public static PcscLiteRange? ReleasesSpeaking(Version protocol) =>
        Revisions.FirstOrDefault(r => r.Protocol == protocol && r.Releases.Last != "never released")?.Releases;

    /// <summary>The final rv of libpcsclite's version exchange between a client and a daemon, fallback included.</summary>
    public static PcscError Handshake(ClientRelease client, DaemonRelease daemon)
    {
        var verdict = daemon.Verdict(client.Protocol);
        var retry = FallbackRule.RetryVersion(client.FallsBack, daemon.Protocol, verdict);
        return retry is null ? verdict : daemon.Verdict(retry);
    }

    /// <summary>The daemon releases that announce <paramref name="protocol"/> and answer <paramref name="sent"/> with <paramref name="verdict"/>.</summary>
    public static IReadOnlyList<DaemonRelease> DaemonsAnswering(Version protocol, Version sent, PcscError verdict)
    {
        var speaking = Daemons.Where(d => d.Protocol == protocol).ToList();
        var answering = speaking.Where(d => d.Verdict(sent) == verdict).ToList();
        // A verdict no release gives (a patched daemon): the protocol alone still narrows the range.
        return answering.Count > 0 ? answering : speaking;
    }

    /// <summary>The client releases that announce <paramref name="protocol"/> and, when known, fall back or not.</summary>
    public static IReadOnlyList<ClientRelease> ClientsSpeaking(Version protocol, bool? fallsBack) =>
        Clients.Where(c => c.Protocol == protocol && (fallsBack is null || c.FallsBack == fallsBack)).ToList();

    /// <summary>The clients every one of <paramref name="daemons"/> ends up accepting.</summary>
    public static IReadOnlyList<ClientRelease> ClientsAcceptedBy(IReadOnlyCollection<DaemonRelease> daemons) =>
        Clients.Where(c => daemons.Count > 0 && daemons.All(d => Handshake(c, d) == PcscError.Success)).ToList();

    /// <summary>The daemons that end up accepting every one of <paramref name="clients"/>.</summary>
    public static IReadOnlyList<DaemonRelease> DaemonsAccepting(IReadOnlyCollection<ClientRelease> clients) =>
        Daemons.Where(d => clients.Count > 0 && clients.All(c => Handshake(c, d) == PcscError.Success)).ToList();

    /// <summary>The release ranges of consecutive groups joined, e.g. "1.8.24 to 2.2.3, 2.4.1 or later".</summary>
    public static string Describe(IEnumerable<PcscLiteRange> ranges)
    {
        var joined = new List<PcscLiteRange>();
        foreach (var range in ranges)
        {
            if (joined.Count > 0 && Follows(joined[^1], range))
            {
                joined[^1] = joined[^1].Through(range);
            }
            else
            {
                joined.Add(range);
            }
        }
        return string.Join(", ", joined);
    }

    /// <summary>Whether <paramref name="next"/> is the group that comes right after <paramref name="range"/> in the tables above.</summary>
    private static bool Follows(PcscLiteRange range, PcscLiteRange next)
    {
        if (range.Last is null)
        {
            return false;
        }
        var last = Version.Parse(range.Last);
        return Daemons.Select(d => d.Releases.First).Concat(Clients.Select(c => c.Releases.First))
            .Select(Version.Parse).Where(first => first > last).DefaultIfEmpty().Min()?.ToString() == next.First;
    }
}
