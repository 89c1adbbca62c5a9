namespace PcscTools.Tracing;

/// <summary>
/// The private folder a trace runs from: <c>lib/</c> holds <c>libpcsclite.so.1</c> → libpcscspy and
/// <c>libpcsclite_nospy.so.1</c> → the real library (the name the 1.9 spy opens first), for the traced program's
/// LD_LIBRARY_PATH only; and the FIFO the spy writes to. The spy opens <c>$HOME/pcsc-spy</c> (or <c>/tmp/pcsc-spy</c>
/// without HOME) and reads no other variable, so a symbolic link to the FIFO is put there and the program keeps its
/// HOME. When that path is taken (a file of the user's, another live trace) or cannot be written, the program gets
/// this folder as HOME instead, and <see cref="HomeOverride"/> says so.
/// </summary>
internal sealed class SpyWorkspace : IDisposable
{
    private const string Prefix = "pcsctools-trace-";
    private readonly string? _link;

    private SpyWorkspace(string folder, string? link, string? homeOverride, string? homeReason)
    {
        Folder = folder;
        _link = link;
        HomeOverride = homeOverride;
        HomeOverrideReason = homeReason;
    }

    public string Folder { get; }

    public string LibraryFolder => Path.Combine(Folder, "lib");

    public string Fifo => Path.Combine(Folder, "pcsc-spy");

    /// <summary>The HOME the program must get because the spy's own path could not be pointed at the FIFO; null when it keeps its own.</summary>
    public string? HomeOverride { get; }

    public string? HomeOverrideReason { get; }

    public static SpyWorkspace Create(SpyInstallation installation, string? home)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new TraceSetupException("Tracing PC/SC calls needs pcsc-lite's spy, which exists on Linux and other Unix systems only.");
        }
        var folder = Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var lib = Directory.CreateDirectory(Path.Combine(folder, "lib")).FullName;
            File.CreateSymbolicLink(Path.Combine(lib, "libpcsclite.so.1"), installation.SpyLibrary);
            File.CreateSymbolicLink(Path.Combine(lib, "libpcsclite_nospy.so.1"), installation.ClientLibrary);
            var fifo = Path.Combine(folder, "pcsc-spy");
            TraceNative.MakeFifo(fifo);
            var spyPath = string.IsNullOrEmpty(home) ? "/tmp/pcsc-spy" : Path.Combine(home, "pcsc-spy");
            var problem = TryLink(spyPath, fifo);
            return problem is null
                ? new SpyWorkspace(folder, spyPath, null, null)
                : new SpyWorkspace(folder, null, folder, problem);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Points the spy's path at the FIFO; the reason it could not, or null.</summary>
    private static string? TryLink(string spyPath, string fifo)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                File.CreateSymbolicLink(spyPath, fifo);
                return null;
            }
            catch (IOException) when (attempt == 0 && IsStaleLink(spyPath))
            {
                File.Delete(spyPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return File.Exists(spyPath) || Directory.Exists(spyPath) || new FileInfo(spyPath).LinkTarget is not null
                    ? $"'{spyPath}' already exists (a file of yours, or another trace under way)"
                    : $"'{spyPath}' cannot be created ({e.Message})";
            }
        }
        return $"'{spyPath}' is in use";
    }

    /// <summary>A link left by a trace whose process is gone (killed before it could clean up).</summary>
    private static bool IsStaleLink(string path)
    {
        var target = new FileInfo(path).LinkTarget;
        var owner = target is null ? null : Path.GetFileName(Path.GetDirectoryName(target));
        if (owner is null || !owner.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var pid = owner[Prefix.Length..].Split('-')[0];
        return int.TryParse(pid, out _) && !Directory.Exists($"/proc/{pid}");
    }

    public void Dispose()
    {
        try
        {
            if (_link is not null && new FileInfo(_link).LinkTarget == Fifo)
            {
                File.Delete(_link);
            }
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder in the temporary directory left behind is harmless; the trace itself is over.
        }
    }
}
