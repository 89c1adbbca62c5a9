using System.Runtime.InteropServices;
using PcscTools.Contexts;
using PcscTools.Errors;

namespace PcscTools.Interop;

/// <summary>
/// The Unix socket over which one libpcsclite context talks to pcscd: pcsc-lite opens one per SCardEstablishContext and
/// keeps it until SCardReleaseContext. Shutting it down is the only way to end a call that pcscd holds without a time
/// limit (SCardTransmit to a card that does not answer; SCardConnect while another program's transaction lasts): the
/// library reads the end of the connection and returns SCARD_F_COMM_ERROR, and pcscd frees what the context held once its
/// own side of the call returns. The context is of no further use, so only calls that may be given up on are guarded.
/// </summary>
internal sealed partial class ContextSocket
{
    private const int ShutReadWrite = 2;
    private const string DescriptorFolder = "/proc/self/fd";

    /// <summary>Establishing is serialized in this process, so that two contexts opened at once cannot take each other's socket.</summary>
    private static readonly object Gate = new();

    private readonly int _descriptor;
    private readonly ulong _inode;

    private ContextSocket(int descriptor, ulong inode)
    {
        _descriptor = descriptor;
        _inode = inode;
    }

    /// <summary>
    /// Establishes a context through <paramref name="api"/> and finds its socket: the one socket open afterwards that was not
    /// before. <paramref name="socket"/> is null when there is no single such socket (an API that is not libpcsclite, or
    /// another thread's SCardCancel connecting meanwhile); the context then works as usual, but cannot be interrupted.
    /// </summary>
    public static PcscError Establish(IPcscApi api, ContextScope scope, out nint context, out ContextSocket? socket)
    {
        lock (Gate)
        {
            var before = OpenSockets();
            var rv = api.EstablishContext(scope, out context);
            socket = null;
            if (rv == PcscError.Success)
            {
                var opened = OpenSockets().Where(entry => !before.Contains(entry)).ToArray();
                socket = opened.Length == 1 ? new ContextSocket(opened[0].Descriptor, opened[0].Inode) : null;
            }
            return rv;
        }
    }

    /// <summary>
    /// Ends the call blocked on this context, if its descriptor still names the same socket (it does while a call is
    /// under way: libpcsclite releases a context only between calls). Returns whether the socket was shut down.
    /// </summary>
    public bool Shutdown() => UnixFile.SocketInode(_descriptor) == _inode && shutdown(_descriptor, ShutReadWrite) == 0;

    private static HashSet<(int Descriptor, ulong Inode)> OpenSockets()
    {
        var sockets = new HashSet<(int, ulong)>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(DescriptorFolder))
        {
            if (int.TryParse(Path.GetFileName(entry.AsSpan()), out var descriptor) && UnixFile.SocketInode(descriptor) is { } inode)
            {
                sockets.Add((descriptor, inode));
            }
        }
        return sockets;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int shutdown(int socket, int how);
}
