namespace PcscTools.Sessions;

/// <summary>The card sessions open in this process, so that whoever owns them (a PowerShell runspace, the module) can close the ones left open.</summary>
public static class SessionRegistry
{
    private static readonly List<CardSession> Open = new();

    /// <summary>The sessions not yet closed, oldest first.</summary>
    public static IReadOnlyList<CardSession> Sessions
    {
        get
        {
            lock (Open)
            {
                return Open.ToArray();
            }
        }
    }

    internal static void Add(CardSession session)
    {
        lock (Open)
        {
            Open.Add(session);
        }
    }

    internal static void Remove(CardSession session)
    {
        lock (Open)
        {
            Open.Remove(session);
        }
    }

    /// <summary>Closes the open sessions of <paramref name="owner"/>, leaving the cards as they are; other owners' sessions stay open.</summary>
    public static void CloseAll(object owner)
    {
        foreach (var session in Sessions.Where(s => Equals(s.Owner, owner)))
        {
            session.Dispose();
        }
    }
}
