using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace PcscTools.Access;

/// <summary>
/// Lists this network namespace's Unix sockets with their peers through sock_diag netlink (what 'ss -x' asks):
/// the only way to learn which client socket is connected to which of pcscd's, without privileges.
/// </summary>
public static partial class UnixSocketTable
{
    private const int AfNetlink = 16, AfUnix = 1, SockDgram = 2, SockCloexec = 0x80000, NetlinkSockDiag = 4;
    private const ushort SockDiagByFamily = 20, NlmsgDone = 3, NlmsgError = 2;
    private const ushort NlmFRequest = 1, NlmFDump = 0x300;
    private const uint ShowVfs = 0x2, ShowPeer = 0x4;
    private const ushort AttributeVfs = 1, AttributePeer = 2;
    private const byte StateListen = 10;
    private const int HeaderSize = 16, RequestSize = 24, MessageSize = 16;

    /// <summary>Every Unix socket; throws <see cref="IOException"/> when the kernel cannot be asked (no sock_diag, a seccomp filter).</summary>
    public static IReadOnlyList<UnixSocketEntry> Read()
    {
        var socket = socket_(AfNetlink, SockDgram | SockCloexec, NetlinkSockDiag);
        if (socket < 0)
        {
            throw new IOException($"The kernel's socket list (sock_diag netlink) cannot be opened (errno {Marshal.GetLastPInvokeError()}).");
        }
        try
        {
            Send(socket);
            return Receive(socket);
        }
        finally
        {
            close(socket);
        }
    }

    private static unsafe void Send(int socket)
    {
        var request = new byte[HeaderSize + RequestSize];
        var span = request.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)request.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], SockDiagByFamily);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], NlmFRequest | NlmFDump);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], 1);
        span[HeaderSize] = AfUnix;
        BinaryPrimitives.WriteUInt32LittleEndian(span[(HeaderSize + 4)..], uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(HeaderSize + 12)..], ShowVfs | ShowPeer);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(HeaderSize + 16)..], uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(HeaderSize + 20)..], uint.MaxValue);
        fixed (byte* bytes = request)
        {
            if (send(socket, bytes, request.Length, 0) != request.Length)
            {
                throw new IOException($"The kernel's socket list could not be asked for (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
    }

    private static unsafe List<UnixSocketEntry> Receive(int socket)
    {
        var entries = new List<UnixSocketEntry>();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            long length;
            fixed (byte* bytes = buffer)
            {
                length = recv(socket, bytes, buffer.Length, 0);
            }
            if (length <= 0)
            {
                throw new IOException($"The kernel's socket list could not be read (errno {Marshal.GetLastPInvokeError()}).");
            }
            if (Parse(buffer.AsSpan(0, (int)length), entries))
            {
                return entries;
            }
        }
    }

    /// <summary>Adds the messages of one datagram to <paramref name="entries"/>; true when the dump is complete.</summary>
    internal static bool Parse(ReadOnlySpan<byte> datagram, List<UnixSocketEntry> entries)
    {
        while (datagram.Length >= HeaderSize)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
            if (length < HeaderSize || length > datagram.Length)
            {
                throw new IOException("The kernel's socket list came back malformed.");
            }
            if (type == NlmsgDone)
            {
                return true;
            }
            if (type == NlmsgError)
            {
                var errno = length >= HeaderSize + 4 ? -BinaryPrimitives.ReadInt32LittleEndian(datagram[HeaderSize..]) : 0;
                throw new IOException($"The kernel refused to list Unix sockets (errno {errno}).");
            }
            if (type == SockDiagByFamily && length >= HeaderSize + MessageSize)
            {
                entries.Add(Entry(datagram[HeaderSize..length]));
            }
            datagram = datagram[Math.Min(Align(length), datagram.Length)..];
        }
        return false;
    }

    private static UnixSocketEntry Entry(ReadOnlySpan<byte> message)
    {
        var listening = message[2] == StateListen;
        var inode = BinaryPrimitives.ReadUInt32LittleEndian(message[4..]);
        uint fileInode = 0, fileDevice = 0, peer = 0;
        var attributes = message[MessageSize..];
        while (attributes.Length >= 4)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]);
            if (length < 4 || length > attributes.Length)
            {
                break;
            }
            var value = attributes[4..length];
            if (type == AttributeVfs && value.Length >= 8)
            {
                fileInode = BinaryPrimitives.ReadUInt32LittleEndian(value);
                fileDevice = BinaryPrimitives.ReadUInt32LittleEndian(value[4..]);
            }
            else if (type == AttributePeer && value.Length >= 4)
            {
                peer = BinaryPrimitives.ReadUInt32LittleEndian(value);
            }
            attributes = attributes[Math.Min(Align(length), attributes.Length)..];
        }
        return new UnixSocketEntry(inode, fileInode, fileDevice, peer, listening);
    }

    private static int Align(int length) => (length + 3) & ~3;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int socket_(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint send(int socket, byte* buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint recv(int socket, byte* buffer, nint length, int flags);

    [LibraryImport("libc")]
    private static partial int close(int descriptor);
}
