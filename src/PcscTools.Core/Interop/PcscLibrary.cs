using System.Runtime.InteropServices;

namespace PcscTools.Interop;

/// <summary>Chooses the PC/SC implementation of this platform; the one place that knows which library that is.</summary>
public static class PcscLibrary
{
    private static readonly object Gate = new();
    private static IPcscApi? _current;

    /// <summary>The file each private copy was made from, so that reports name the library and not a temporary copy.</summary>
    private static readonly Dictionary<string, string> Origins = new(StringComparer.Ordinal);

    /// <summary>The API new contexts use; loaded on first use.</summary>
    public static IPcscApi Current
    {
        get
        {
            lock (Gate)
            {
                return _current ??= LoadPlatformDefault();
            }
        }
    }

    /// <summary>Whether the platform library has been loaded (and so may have read its socket name already).</summary>
    public static bool IsLoaded
    {
        get
        {
            lock (Gate)
            {
                return _current is not null;
            }
        }
    }

    /// <summary>Makes new contexts use another API (e.g. a private copy of libpcsclite).</summary>
    public static void Use(IPcscApi api)
    {
        lock (Gate)
        {
            _current = api;
        }
    }

    /// <summary>
    /// Loads a private copy of the platform's libpcsclite from <paramref name="folder"/>. The copy has its own
    /// cached socket name, so it follows PCSCLITE_CSOCK_NAME as it is now even after the shared copy read it.
    /// </summary>
    public static IPcscApi LoadPrivateCopy(string folder) => LoadPrivateCopy(folder, CurrentPath);

    /// <summary>Loads a private copy of the libpcsclite file <paramref name="library"/> (any version), with its own cached socket name.</summary>
    public static IPcscApi LoadPrivateCopy(string folder, string library)
    {
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, $"libpcsclite-{Guid.NewGuid():N}.so.1");
        File.Copy(library, copy);
        lock (Gate)
        {
            Origins[copy] = Origins.GetValueOrDefault(library, library);
        }
        return PcscLiteApi.Load(copy);
    }

    /// <summary>The file the current library was loaded from (for a private copy, the file it was copied from).</summary>
    public static string CurrentPath
    {
        get
        {
            var path = LoadedPath(Current) ?? throw new FileNotFoundException($"The file behind {PcscLiteApi.DefaultLibrary} could not be found.");
            lock (Gate)
            {
                return Origins.GetValueOrDefault(path, path);
            }
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
