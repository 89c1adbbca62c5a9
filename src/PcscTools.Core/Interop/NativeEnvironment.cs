using System.Runtime.InteropServices;

namespace PcscTools.Interop;

/// <summary>
/// Environment variables that native code sees. On Unix, .NET keeps its own copy of the environment, so
/// Environment.SetEnvironmentVariable never reaches libpcsclite's getenv; this sets both.
/// </summary>
public static partial class NativeEnvironment
{
    /// <summary>The variable libpcsclite reads (once per loaded copy) to find pcscd's socket.</summary>
    public const string SocketVariable = "PCSCLITE_CSOCK_NAME";

    /// <summary>pcscd's socket unless PCSCLITE_CSOCK_NAME says otherwise (ipcdir /run/pcscd since pcsc-lite 1.9.0).</summary>
    public const string DefaultSocketPath = "/run/pcscd/pcscd.comm";

    /// <summary>The socket libpcsclite uses in this process: PCSCLITE_CSOCK_NAME when set and not empty, else the default.</summary>
    public static string SocketPathInUse =>
        Environment.GetEnvironmentVariable(SocketVariable) is { Length: > 0 } path ? path : DefaultSocketPath;

    /// <summary>Sets (or, with null, removes) a variable for managed and native code alike. Not safe while other threads read the native environment.</summary>
    public static void Set(string name, string? value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (!OperatingSystem.IsWindows())
        {
            var rv = value is null ? unsetenv(name) : setenv(name, value, 1);
            if (rv != 0)
            {
                throw new InvalidOperationException($"Could not set the native environment variable {name} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
    }

    /// <summary>A variable as native code sees it (null when unset).</summary>
    public static string? Get(string name) =>
        OperatingSystem.IsWindows() ? Environment.GetEnvironmentVariable(name) : Marshal.PtrToStringUTF8(getenv(name));

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint getenv(string name);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unsetenv(string name);
}
