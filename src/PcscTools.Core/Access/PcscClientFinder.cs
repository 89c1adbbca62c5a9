using PcscTools.Interop;

namespace PcscTools.Access;

/// <summary>
/// Finds the processes connected to pcscd by their sockets, not by a mapped libpcsclite (a flatpak or a static
/// build bundles its own): pcscd's accepted sockets are those bound to its socket file; their peers are the
/// clients' sockets, found among the descriptors in /proc/PID/fd. Processes that vanish while being read are skipped.
/// </summary>
public static class PcscClientFinder
{
    public static ClientSurvey Find(string socketPath) => Find(socketPath, "/proc", UnixSocketTable.Read);

    internal static ClientSurvey Find(string socketPath, string procRoot, Func<IReadOnlyList<UnixSocketEntry>> readSockets)
    {
        var unseen = new List<string>();
        if (UnixFile.Identity(socketPath) is not { } file)
        {
            return new(socketPath, [], null, [$"pcscd's socket '{socketPath}' cannot be read, so its clients cannot be found."]);
        }
        IReadOnlyList<UnixSocketEntry> sockets;
        try
        {
            sockets = readSockets();
        }
        catch (IOException e)
        {
            return new(socketPath, [], null, [$"The connections to pcscd cannot be listed here: {e.Message}"]);
        }
        var daemonSockets = sockets.Where(s => s.FileInode == (uint)file.Inode && s.FileDevice == file.Device).ToList();
        if (daemonSockets.Count == 0)
        {
            return new(socketPath, [], null, ["pcscd's end of the connections is not visible from here (pcscd runs in another network namespace, e.g. outside this sandbox or container), so its clients cannot be listed."]);
        }
        var listening = daemonSockets.Where(s => s.Listening).Select(s => s.Inode).ToHashSet();
        var clientSockets = daemonSockets.Where(s => !s.Listening && s.PeerInode != 0).Select(s => s.PeerInode).ToHashSet();
        var (owners, daemon, hiddenProcesses) = Owners(procRoot, clientSockets, listening);
        var clients = new List<PcscClient>();
        foreach (var (pid, count) in owners)
        {
            if (Describe(procRoot, pid, count, socketPath) is { } client)
            {
                clients.Add(client);
            }
        }
        var seen = owners.Sum(o => o.Value);
        var hidden = clientSockets.Count - Math.Min(seen, clientSockets.Count);
        if (hidden > 0)
        {
            unseen.Add($"{hidden} connection(s) to pcscd belong to processes this user cannot see ({(hiddenProcesses > 0 ? $"{hiddenProcesses} processes here are another user's" : "outside this PID namespace, e.g. the host of a sandbox")}).");
        }
        if (daemon is null && listening.Count > 0)
        {
            unseen.Add("pcscd's own process is not visible to this user (it runs as another user, or outside this PID namespace).");
        }
        return new(socketPath, clients.OrderBy(c => c.ProcessId).ToList(), daemon, unseen);
    }

    /// <summary>How many of <paramref name="clientSockets"/> each process holds, pcscd's PID, and how many processes' descriptors could not be read.</summary>
    private static (Dictionary<int, int> Owners, int? Daemon, int Hidden) Owners(string procRoot, HashSet<uint> clientSockets, HashSet<uint> listening)
    {
        var owners = new Dictionary<int, int>();
        int? daemon = null;
        var hidden = 0;
        foreach (var folder in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }
            IEnumerable<string> descriptors;
            try
            {
                descriptors = Directory.GetFiles(Path.Combine(folder, "fd"));
            }
            catch (UnauthorizedAccessException)
            {
                hidden++;
                continue;
            }
            catch (IOException)
            {
                continue;
            }
            foreach (var descriptor in descriptors)
            {
                if (SocketInode(descriptor) is not { } inode)
                {
                    continue;
                }
                if (clientSockets.Contains(inode))
                {
                    owners[pid] = owners.GetValueOrDefault(pid) + 1;
                }
                else if (listening.Contains(inode))
                {
                    daemon = pid;
                }
            }
        }
        return (owners, daemon, hidden);
    }

    /// <summary>N of "socket:[N]"; null for anything else, or a descriptor closed meanwhile.</summary>
    private static uint? SocketInode(string descriptor)
    {
        string? target;
        try
        {
            target = new FileInfo(descriptor).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        const string prefix = "socket:[";
        return target is not null && target.StartsWith(prefix, StringComparison.Ordinal) && target.EndsWith(']')
            && uint.TryParse(target.AsSpan(prefix.Length, target.Length - prefix.Length - 1), out var inode) ? inode : null;
    }

    /// <summary>The client behind <paramref name="pid"/>; null when the process ended while being read.</summary>
    private static PcscClient? Describe(string procRoot, int pid, int connections, string socketPath)
    {
        var folder = Path.Combine(procRoot, pid.ToString());
        var name = Read(Path.Combine(folder, "comm"))?.Trim();
        if (name is null)
        {
            return null;
        }
        var commandLine = Read(Path.Combine(folder, "cmdline"))?.TrimEnd('\0').Replace('\0', ' ') ?? "";
        var uid = Read(Path.Combine(folder, "status"))?.Split('\n').FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            ?.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        var role = KnownClients.RoleOf(name, pid);
        return new PcscClient
        {
            ProcessId = pid,
            Name = name,
            CommandLine = commandLine,
            User = uid is null ? "" : UserNames.Of(uid),
            Connections = connections,
            Role = role,
            Remedy = role == ClientRole.ExclusiveHolder ? KnownClients.RemedyFor(name) : null,
            SocketPath = socketPath,
        };
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
