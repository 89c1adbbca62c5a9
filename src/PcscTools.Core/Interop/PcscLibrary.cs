using System.Runtime.InteropServices;

namespace PcscTools.Interop;

/// <summary>Chooses the PC/SC implementation of this platform; the one place that knows which library that is.</summary>
public static class PcscLibrary
{
    private static readonly object Gate = new();

    /// <summary>
    /// The library loaded for each value of PCSCLITE_CSOCK_NAME ("" when unset): libpcsclite reads the variable once per
    /// loaded copy, so a socket named later is reached through a private copy of its own.
    /// </summary>
    private static readonly Dictionary<string, IPcscApi> BySocket = new(StringComparer.Ordinal);

    /// <summary>The file each private copy was made from, so that reports name the library and not a temporary copy.</summary>
    private static readonly Dictionary<string, string> Origins = new(StringComparer.Ordinal);

    /// <summary>
    /// The API new contexts use: the library that talks to the socket PCSCLITE_CSOCK_NAME names now, as this process's managed
    /// environment has it (PowerShell's $env: changes only that copy on Unix). The first use loads the platform's library;
    /// a socket named later gets a private copy, and the native variable is set to match before the copy first reads it.
    /// </summary>
    public static IPcscApi Current
    {
        get
        {
            var named = Environment.GetEnvironmentVariable(NativeEnvironment.SocketVariable);
            lock (Gate)
            {
                // A copy not yet connected reads the native variable at its first context: it must say the same.
                if (NativeEnvironment.Get(NativeEnvironment.SocketVariable) != named)
                {
                    NativeEnvironment.Set(NativeEnvironment.SocketVariable, named);
                }
                var socket = named ?? "";
                if (BySocket.TryGetValue(socket, out var api))
                {
                    return api;
                }
                api = BySocket.Count == 0 ? LoadPlatformDefault() : LoadPrivateCopy(Path.GetTempPath(), PathOf(BySocket.Values.First()), keepFile: false);
                BySocket[socket] = api;
                return api;
            }
        }
    }

    /// <summary>Loads a private copy of the libpcsclite file <paramref name="library"/> (any version), with its own cached socket name.</summary>
    public static IPcscApi LoadPrivateCopy(string folder, string library) => LoadPrivateCopy(folder, library, keepFile: true);

    /// <summary>A private copy; without <paramref name="keepFile"/>, the file goes once loaded (the mapping stays), so none is left behind.</summary>
    private static IPcscApi LoadPrivateCopy(string folder, string library, bool keepFile)
    {
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, $"libpcsclite-{Guid.NewGuid():N}.so.1");
        File.Copy(library, copy);
        lock (Gate)
        {
            Origins[copy] = Origins.GetValueOrDefault(library, library);
        }
        try
        {
            return PcscLiteApi.Load(copy);
        }
        finally
        {
            if (!keepFile)
            {
                File.Delete(copy);
            }
        }
    }

    /// <summary>The file the current library was loaded from (for a private copy, the file it was copied from).</summary>
    public static string CurrentPath => PathOf(Current);

    private static string PathOf(IPcscApi api)
    {
        var path = LoadedPath(api) ?? throw new FileNotFoundException($"The file behind {PcscLiteApi.DefaultLibrary} could not be found.");
        lock (Gate)
        {
            return Origins.GetValueOrDefault(path, path);
        }
    }

    /// <summary>The file a loaded library was mapped from, read from /proc/self/maps.</summary>
    private static string? LoadedPath(IPcscApi api)
    {
        if (Path.IsPathRooted(api.LibraryName))
        {
            return api.LibraryName;
        }
        var stem = Path.GetFileName(api.LibraryName);
        return File.ReadLines("/proc/self/maps")
            .Select(line => line.IndexOf('/') is var at and >= 0 ? line[at..] : null)
            .FirstOrDefault(path => path is not null && Path.GetFileName(path).StartsWith(stem, StringComparison.Ordinal));
    }

    private static IPcscApi LoadPlatformDefault()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !Environment.Is64BitProcess)
        {
            throw new PlatformNotSupportedException(
                "PcscTools binds pcsc-lite on 64-bit Linux; winscard.dll and PCSC.framework are not supported yet.");
        }
        try
        {
            return PcscLiteApi.Load();
        }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException(
                $"{PcscLiteApi.DefaultLibrary} could not be loaded. Install pcsc-lite's client library (Debian: 'apt-get install libpcsclite1').", e);
        }
    }
}
