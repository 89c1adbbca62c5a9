namespace PcscTools.Access;

/// <summary>Programs whose way of using pcscd is known: which hold cards exclusively (with how to make them let go) and which only watch.</summary>
public static class KnownClients
{
    private static readonly Dictionary<string, string> Holders = new(StringComparer.Ordinal)
    {
        ["scdaemon"] = "gpg's scdaemon takes cards exclusively and keeps them: let it go with 'gpgconf --kill scdaemon', or add the line 'pcsc-shared' to ~/.gnupg/scdaemon.conf so that it shares them",
    };

    private static readonly HashSet<string> Watchers = new(StringComparer.Ordinal) { "pcsc_scan", "opensc-notify" };

    public static ClientRole RoleOf(string name, int processId) =>
        processId == Environment.ProcessId ? ClientRole.ThisProcess
        : Holders.ContainsKey(name) ? ClientRole.ExclusiveHolder
        : Watchers.Contains(name) ? ClientRole.Watcher
        : ClientRole.Unknown;

    /// <summary>How to make a known exclusive holder let go; null for others.</summary>
    public static string? RemedyFor(string name) => Holders.GetValueOrDefault(name);
}
