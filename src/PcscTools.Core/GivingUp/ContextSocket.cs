using System.Runtime.InteropServices;
using PcscTools.Errors;
using PcscTools.Interop;

namespace PcscTools.GivingUp;

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
    private const int AddressFamilyUnix = 1;
    private const int SocketAddressLength = 110;
    private const int PathOffset = sizeof(ushort);

    /// <summary>The file name of pcscd's socket unless PCSCLITE_CSOCK_NAME names another (pcsc-lite's PCSCLITE_CSOCK_NAME).</summary>
    private const string DefaultSocketName = "pcscd.comm";

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
    /// Establishes a context through <paramref name="api"/> and finds its socket: the sockets of the process are listed before
    /// and after, and the new one connected to pcscd's socket (by the file name that PCSCLITE_CSOCK_NAME gives libpcsclite: pcscd's
    /// own name for it may be a path in another mount namespace) is the context's. Another thread's files or sockets, opened or closed meanwhile, are told
    /// apart by inode and by peer. <paramref name="socket"/> is null when the API opens no socket (it is not libpcsclite):
    /// the context then works as usual but cannot be interrupted.
    /// </summary>
    public static PcscError Establish(IPcscApi api, uint scope, out nint context, out ContextSocket? socket)
    {
        lock (Gate)
        {
            var before = SocketInodes().Values.ToHashSet();
            var rv = api.EstablishContext(scope, out context);
            socket = null;
            if (rv == PcscError.Success)
            {
                var pcscdName = Path.GetFileName(NativeEnvironment.Get(NativeEnvironment.SocketVariable)) is { Length: > 0 } named ? named : DefaultSocketName;
                var opened = SocketInodes().Where(entry => !before.Contains(entry.Value) && PeerFileName(entry.Key) == pcscdName).Take(2).ToArray();
                socket = opened.Length == 1 ? new ContextSocket(opened[0].Key, opened[0].Value) : null;
            }
            return rv;
        }
    }

    /// <summary>
    /// Ends the call blocked on this context, if its descriptor still names the same socket (it does while a call is
    /// under way: libpcsclite releases a context only between calls). Returns whether the socket was shut down.
    /// </summary>
    public bool Shutdown() => UnixFile.SocketInode(_descriptor) == _inode && shutdown(_descriptor, ShutReadWrite) == 0;

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

    /// <summary>The file name of the Unix socket path that <paramref name="descriptor"/> is connected to; null for anything else.</summary>
    private static unsafe string? PeerFileName(int descriptor)
    {
        // struct sockaddr_un: sa_family_t sun_family (2 bytes), then sun_path, NUL-terminated unless it fills the address.
        var address = stackalloc byte[SocketAddressLength];
        var length = SocketAddressLength;
        if (getpeername(descriptor, address, &length) != 0 || *(ushort*)address != AddressFamilyUnix || length <= PathOffset + 1)
        {
            return null;
        }
        var path = new ReadOnlySpan<byte>(address + PathOffset, Math.Min(length, SocketAddressLength) - PathOffset);
        var end = path.IndexOf((byte)0);
        return Path.GetFileName(System.Text.Encoding.UTF8.GetString(end >= 0 ? path[..end] : path));
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int getpeername(int socket, byte* address, int* length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int shutdown(int socket, int how);
}
