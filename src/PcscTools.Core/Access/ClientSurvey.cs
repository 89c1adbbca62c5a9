namespace PcscTools.Access;

/// <summary>The processes found connected to one pcscd socket, and what could not be seen from here.</summary>
public sealed record ClientSurvey(string SocketPath, IReadOnlyList<PcscClient> Clients, int? DaemonProcessId, IReadOnlyList<string> Unseen)
{
    /// <summary>The clients that may hold a card: known exclusive holders first; programs that only watch, and this process, are left out.</summary>
    public IReadOnlyList<PcscClient> PossibleHolders =>
        Clients.Where(c => c.Role == ClientRole.ExclusiveHolder)
            .Concat(Clients.Where(c => c.Role == ClientRole.Unknown))
            .ToList();

    /// <summary>One paragraph for an error: who may hold the card, and what could not be seen.</summary>
    public string Describe()
    {
        var holders = PossibleHolders;
        var text = holders.Count == 0
            ? "No other process that this user can see is connected to pcscd."
            : "Connected to pcscd and possibly holding it: " + string.Join("; ", holders.Select(Line)) + ".";
        var watchers = Clients.Count(c => c.Role == ClientRole.Watcher);
        if (watchers > 0)
        {
            text += $" {watchers} more only watch readers (Get-PcscClient lists them).";
        }
        return Unseen.Count == 0 ? text : $"{text} {string.Join(" ", Unseen)}";
    }

    private static string Line(PcscClient client) =>
        client.Remedy is null ? client.ToString() : $"{client}, which {client.Remedy}";
}
