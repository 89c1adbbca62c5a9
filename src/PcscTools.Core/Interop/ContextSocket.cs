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
    private const int ReadOnlyCloseOnExec = 0x80000;
    private const int AddressFamilyUnix = 1;
    private const int SocketAddressLength = 110;

    /// <summary>How often establishing is tried before the context is left as one that cannot be interrupted.</summary>
    private const int EstablishAttempts = 4;

    /// <summary>Establishing is serialized in this process, so that two contexts opened at once cannot take each other's descriptor.</summary>
    private static readonly object Gate = new();

    private readonly int _descriptor;
    private readonly ulong _inode;

    private ContextSocket(int descriptor, ulong inode)
    {
        _descriptor = descriptor;
        _inode = inode;
    }

    /// <summary>
    /// Establishes a context through <paramref name="api"/> and finds its socket. A new descriptor is the lowest free one,
    /// so libpcsclite's socket takes the descriptor that was free just before, which then names a Unix socket connected to
    /// a named peer. Another thread opening or closing a file meanwhile can move it (seen in 14% of calls beside a thread
    /// opening a file in a loop); the context is then released and established again, comparing every socket of the
    /// process before and after, a few times. <paramref name="socket"/> is null when the API opens no socket (it is not
    /// libpcsclite) or every try was ambiguous: the context then works as usual but cannot be interrupted.
    /// </summary>
    public static PcscError Establish(IPcscApi api, ContextScope scope, out nint context, out ContextSocket? socket)
    {
        lock (Gate)
        {
            var lowest = LowestFreeDescriptor();
            var rv = api.EstablishContext(scope, out context);
            socket = rv == PcscError.Success && lowest >= 0 ? TheOnlyConnected([lowest]) : null;
            for (var attempt = 2; socket is null && rv == PcscError.Success && lowest >= 0 && attempt <= EstablishAttempts; attempt++)
            {
                if (api.ReleaseContext(context) != PcscError.Success)
                {
                    break;
                }
                var before = SocketInodes().Values.ToHashSet();
                rv = api.EstablishContext(scope, out context);
                var opened = SocketInodes().Where(entry => !before.Contains(entry.Value)).Select(entry => entry.Key).ToArray();
                if (opened.Length == 0)
                {
                    break;
                }
                socket = TheOnlyConnected(opened);
            }
            return rv;
        }
    }

    /// <summary>
    /// Ends the call blocked on this context, if its descriptor still names the same socket (it does while a call is
    /// under way: libpcsclite releases a context only between calls). Returns whether the socket was shut down.
    /// </summary>
    public bool Shutdown() => UnixFile.SocketInode(_descriptor) == _inode && shutdown(_descriptor, ShutReadWrite) == 0;

    /// <summary>The descriptor the next open(2) or socket(2) gets, found by opening one; -1 when none can be opened.</summary>
    private static int LowestFreeDescriptor()
    {
        var descriptor = open("/dev/null", ReadOnlyCloseOnExec);
        if (descriptor >= 0)
        {
            close(descriptor);
        }
        return descriptor;
    }

    /// <summary>Every socket this process has open, by descriptor, with its inode.</summary>
    private static Dictionary<int, ulong> SocketInodes()
    {
        var sockets = new Dictionary<int, ulong>();
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var descriptor) && UnixFile.SocketInode(descriptor) is { } inode)
            {
                sockets[descriptor] = inode;
            }
        }
        return sockets;
    }

    /// <summary>The socket among <paramref name="descriptors"/> when exactly one is a connected Unix socket; null otherwise.</summary>
    private static ContextSocket? TheOnlyConnected(IEnumerable<int> descriptors)
    {
        var connected = descriptors.Where(IsConnectedUnixSocket).Take(2).ToArray();
        return connected.Length == 1 && UnixFile.SocketInode(connected[0]) is { } inode ? new ContextSocket(connected[0], inode) : null;
    }

    private static unsafe bool IsConnectedUnixSocket(int descriptor)
    {
        // struct sockaddr_un: sa_family_t sun_family (2 bytes), then sun_path; a named peer has more than the family.
        var address = stackalloc byte[SocketAddressLength];
        var length = SocketAddressLength;
        return getpeername(descriptor, address, &length) == 0 && *(ushort*)address == AddressFamilyUnix && length > sizeof(ushort) + 1;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int descriptor);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int getpeername(int socket, byte* address, int* length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int shutdown(int socket, int how);
}
