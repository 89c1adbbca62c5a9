using System.Runtime.InteropServices;

namespace PcscTools.Tracing;

/// <summary>The libc calls the tracer needs that .NET does not offer: a FIFO, and Ctrl+C's signal for the traced program.</summary>
internal static partial class TraceNative
{
    public const int SignalInterrupt = 2;

    public static void MakeFifo(string path)
    {
        if (mkfifo(path, Convert.ToUInt32("600", 8)) != 0)
        {
            throw new IOException($"Could not create the FIFO '{path}' (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    /// <summary>Sends a signal; false when the process is already gone.</summary>
    public static bool Signal(int processId, int signal) => kill(processId, signal) == 0;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkfifo(string path, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
