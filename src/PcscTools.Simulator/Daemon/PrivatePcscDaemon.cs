using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PcscTools.Simulator.Daemon;

/// <summary>
/// A pcscd of its own: started in a private mount namespace where its fixed socket folder (/run/pcscd) is
/// bound to a folder of ours, with vpcd readers declared in a configuration of ours. The host's pcscd, if
/// any, is not touched. Clients reach it by setting PCSCLITE_CSOCK_NAME to <see cref="SocketPath"/>.
/// </summary>
public sealed class PrivatePcscDaemon : IDisposable
{
    private const string FolderPrefix = "pcsctools-sim-";

    private readonly ProcessStartInfo _launch;
    private readonly string _readerName;
    private Process _process;

    private PrivatePcscDaemon(string folder, ProcessStartInfo launch, IReadOnlyList<VpcdSlot> slots, string readerName)
    {
        Folder = folder;
        _readerName = readerName;
        _launch = launch;
        Slots = slots;
        _process = Launch(launch, folder);
    }

    /// <summary>The folder holding the configuration, the socket and the log.</summary>
    public string Folder { get; }

    public string SocketPath => Path.Combine(Folder, "run", "pcscd.comm");

    public string LogPath => Path.Combine(Folder, "pcscd.log");

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The reader slots, two per vpcd entry, in the order pcscd names them.</summary>
    public IReadOnlyList<VpcdSlot> Slots { get; private set; }

    /// <summary>The folder a process uses for its simulator: one per process, because libpcsclite reads the socket name only once.</summary>
    public static string FolderForThisProcess => Path.Combine(Path.GetTempPath(), FolderPrefix + Environment.ProcessId);

    /// <summary>
    /// Starts pcscd with <paramref name="vpcdEntries"/> vpcd entries (two reader slots each) and waits until its socket answers.
    /// </summary>
    public static PrivatePcscDaemon Start(int vpcdEntries = 1, string readerName = "PcscTools Virtual Reader", bool debugLog = false, string? folder = null, TimeSpan? startTimeout = null)
    {
        var (pcscd, unshare) = SimulatorPrerequisites.Check();
        RemoveStaleFolders();
        folder ??= FolderForThisProcess;
        var run = Path.Combine(folder, "run");
        var conf = Path.Combine(folder, "conf");
        Directory.CreateDirectory(run);
        Directory.CreateDirectory(conf);
        File.Delete(Path.Combine(run, "pcscd.comm"));
        var slots = WriteReaderConfig(conf, vpcdEntries, readerName);

        var logPath = Path.Combine(folder, "pcscd.log");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        // sh -c SCRIPT NAME ARGS: the inner shell binds our run folder over /run/pcscd inside the new namespace, then becomes pcscd.
        var inner = "mkdir -p /run/pcscd && mount --bind \"$0\" /run/pcscd && exec \"$1\" -f " + (debugLog ? "-d " : "") + "-c \"$2\"";
        var userNamespace = SimulatorPrerequisites.IsRoot ? "" : "--user --map-root-user ";
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec \"$0\" {userNamespace}--mount --propagation private sh -c '{inner}' \"$1\" \"$2\" \"$3\" >\"$4\" 2>&1 </dev/null");
        foreach (var argument in new[] { unshare, run, pcscd, conf, logPath })
        {
            start.ArgumentList.Add(argument);
        }
        var daemon = new PrivatePcscDaemon(folder, start, slots, readerName);
        try
        {
            daemon.WaitUntilListening(startTimeout ?? TimeSpan.FromSeconds(10));
        }
        catch
        {
            daemon.Dispose();
            throw;
        }
        return daemon;
    }

    /// <summary>
    /// The vpcd driver file for one entry. vpcd keeps its slots in a static array indexed by slot number alone, so two
    /// entries served by one loaded copy share (and overwrite) the same two slots; pcscd loads a driver once per file,
    /// so every entry after the first gets a copy of its own (a copy, not a link: the loader tells files apart by inode).
    /// </summary>
    private static string VpcdDriverFor(string conf, int entry, int vpcdEntries)
    {
        if (vpcdEntries == 1)
        {
            return SimulatorPrerequisites.VpcdDriver;
        }
        var drivers = Directory.CreateDirectory(Path.Combine(conf, "..", "drivers")).FullName;
        var copy = Path.Combine(drivers, $"libifdvpcd-{entry + 1}.so");
        // Copied aside and renamed over: a running pcscd (before a reconfiguring restart) keeps its mapped file intact.
        File.Copy(SimulatorPrerequisites.VpcdDriver, copy + ".new", overwrite: true);
        File.Move(copy + ".new", copy, overwrite: true);
        return copy;
    }

    /// <summary>Starts pcscd again with the same readers and socket after <see cref="Stop"/> or <see cref="Kill"/>, as a service restart would.</summary>
    public void Restart(TimeSpan? startTimeout = null)
    {
        Stop();
        _process.Dispose();
        File.Delete(SocketPath);
        _process = Launch(_launch, Folder);
        WaitUntilListening(startTimeout ?? TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// Starts pcscd again with another number of vpcd entries, as after an edit of reader.conf.d: a client that
    /// re-establishes its context finds readers gone or new. Virtual cards must be removed first.
    /// </summary>
    public void Restart(int vpcdEntries, TimeSpan? startTimeout = null)
    {
        Stop();
        Slots = WriteReaderConfig(Path.Combine(Folder, "conf"), vpcdEntries, _readerName);
        Restart(startTimeout);
    }

    /// <summary>Writes the vpcd entries of the configuration and returns the reader slots they make.</summary>
    private static IReadOnlyList<VpcdSlot> WriteReaderConfig(string conf, int vpcdEntries, string readerName)
    {
        var basePort = FreePortRange(vpcdEntries * 2);
        var slots = new List<VpcdSlot>();
        var config = new StringBuilder();
        for (var entry = 0; entry < vpcdEntries; entry++)
        {
            var port = basePort + entry * 2;
            var name = vpcdEntries == 1 ? readerName : $"{readerName} {entry + 1}";
            config.Append($"FRIENDLYNAME \"{name}\"\nDEVICENAME /dev/null:0x{port:X4}\nLIBPATH {VpcdDriverFor(conf, entry, vpcdEntries)}\nCHANNELID 0x{port:X4}\n\n");
            // pcscd names a multi-slot reader "<friendly name> <index> <slot>", the index counting readers of the same
            // friendly name; each entry has a name of its own, so the index is always 00.
            slots.Add(new VpcdSlot($"{name} 00 00", port));
            slots.Add(new VpcdSlot($"{name} 00 01", port + 1));
        }
        File.WriteAllText(Path.Combine(conf, "vpcd"), config.ToString());
        return slots;
    }

    private static Process Launch(ProcessStartInfo launch, string folder)
    {
        var process = Process.Start(launch) ?? throw new SimulatorUnavailableException("pcscd could not be started.");
        File.WriteAllText(Path.Combine(folder, "pcscd.pid"), process.Id.ToString());
        return process;
    }

    /// <summary>Stops pcscd (SIGTERM, then SIGKILL) and waits for it to exit; the folder is kept for <see cref="Restart"/> and removed by <see cref="Dispose"/>.</summary>
    public void Stop()
    {
        if (_process.HasExited)
        {
            return;
        }
        Signal("TERM");
        if (!_process.WaitForExit(3000))
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    /// <summary>Kills pcscd at once, as a crash would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A socket file still bound by a dying process: the stale-folder sweep removes it later.
        }
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {_process.Id}") { UseShellExecute = false });
        kill?.WaitForExit();
    }

    private void WaitUntilListening(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new SimulatorUnavailableException($"pcscd exited at start (code {_process.ExitCode}): {ReadLog()}".TrimEnd());
            }
            if (File.Exists(SocketPath))
            {
                using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    probe.Connect(new UnixDomainSocketEndPoint(SocketPath));
                    return;
                }
                catch (SocketException)
                {
                    // Bound but not yet listening.
                }
            }
            Thread.Sleep(20);
        }
        throw new SimulatorUnavailableException($"pcscd did not open its socket within {timeout.TotalSeconds:0} s. Its log: {ReadLog()}".TrimEnd());
    }

    private string ReadLog()
    {
        try
        {
            var lines = File.ReadAllLines(LogPath);
            return string.Join(" | ", lines.TakeLast(5));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    /// <summary>Removes folders (and kills daemons) left by simulator processes that died without cleaning up.</summary>
    private static void RemoveStaleFolders()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (!int.TryParse(Path.GetFileName(folder)[FolderPrefix.Length..], out var owner) || owner == Environment.ProcessId || IsAlive(owner))
            {
                continue;
            }
            try
            {
                if (int.TryParse(File.ReadAllText(Path.Combine(folder, "pcscd.pid")), out var pid) && IsAlive(pid))
                {
                    Process.GetProcessById(pid).Kill();
                }
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // Another user's, or already gone: leave it.
            }
        }
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    /// <summary>Finds <paramref name="count"/> consecutive free loopback ports.</summary>
    private static int FreePortRange(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var first = Random.Shared.Next(20000, 60000);
            var listeners = new List<TcpListener>();
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var listener = new TcpListener(IPAddress.Loopback, first + i);
                    listener.Start();
                    listeners.Add(listener);
                }
                return first;
            }
            catch (SocketException)
            {
                // Taken: try another range.
            }
            finally
            {
                listeners.ForEach(l => l.Stop());
            }
        }
        throw new SimulatorUnavailableException("No free range of loopback TCP ports was found for vpcd.");
    }
}
