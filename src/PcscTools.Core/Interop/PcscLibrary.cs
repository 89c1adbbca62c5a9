using System.Runtime.InteropServices;

namespace PcscTools.Interop;

/// <summary>Chooses the PC/SC implementation of this platform; the one place that knows which library that is.</summary>
public static class PcscLibrary
{
    private static readonly object Gate = new();
    private static IPcscApi? _current;

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
