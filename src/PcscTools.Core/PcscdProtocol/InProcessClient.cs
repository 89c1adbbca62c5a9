using PcscTools.Contexts;
using PcscTools.Errors;
using PcscTools.Interop;

namespace PcscTools.PcscdProtocol;

/// <summary>
/// Lets a libpcsclite file connect to a socket from inside this process: a private copy of the file is
/// loaded (so it has its own cached socket name, even if this process already uses that library), and
/// PCSCLITE_CSOCK_NAME is set natively for the copy's first call, then restored. Setting the variable is not
/// safe while other threads read the native environment; calls are serialised here, and
/// <see cref="ChildProcessClient"/> is the alternative where that matters.
/// </summary>
public static class InProcessClient
{
    private static readonly object Gate = new();

    /// <summary>Loads a private copy of <paramref name="library"/>; throws <see cref="DllNotFoundException"/> or <see cref="EntryPointNotFoundException"/> when it is not a libpcsclite.</summary>
    public static Func<string, PcscError?> For(string library)
    {
        var folder = Directory.CreateTempSubdirectory("pcsctools-client-");
        try
        {
            var api = PcscLibrary.LoadPrivateCopy(folder.FullName, library);
            return socketPath => Connect(api, socketPath);
        }
        finally
        {
            // The copy stays mapped; its file is no longer needed.
            folder.Delete(recursive: true);
        }
    }

    private static PcscError Connect(IPcscApi api, string socketPath)
    {
        lock (Gate)
        {
            var previous = Environment.GetEnvironmentVariable(NativeEnvironment.SocketVariable);
            NativeEnvironment.Set(NativeEnvironment.SocketVariable, socketPath);
            try
            {
                var rv = api.EstablishContext((uint)ContextScope.System, out var context);
                if (rv == PcscError.Success)
                {
                    api.ReleaseContext(context);
                }
                return rv;
            }
            finally
            {
                NativeEnvironment.Set(NativeEnvironment.SocketVariable, previous);
            }
        }
    }
}
