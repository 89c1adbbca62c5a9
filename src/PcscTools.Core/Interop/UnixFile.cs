using System.Runtime.InteropServices;

namespace PcscTools.Interop;

/// <summary>Asks statx(2), whose layout is the same on every Linux architecture.</summary>
public static partial class UnixFile
{
    private const int AtCurrentFolder = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const uint StatxInode = 0x100;
    private const int ModeOffset = 28;
    private const int InodeOffset = 32;
    private const int DeviceMajorOffset = 136, DeviceMinorOffset = 140;
    private const int SocketType = 0xC000;
    private const int StatxSize = 256;
    private const int ENOENT = 2, EACCES = 13, ENOTDIR = 20;

    /// <summary>The kind of file at <paramref name="path"/>, following symbolic links as connect(2) does.</summary>
    public static unsafe UnixFileKind KindOf(string path)
    {
        var buffer = stackalloc byte[StatxSize];
        if (statx(AtCurrentFolder, path, 0, StatxType, buffer) != 0)
        {
            return Marshal.GetLastPInvokeError() switch
            {
                ENOENT or ENOTDIR => UnixFileKind.Missing,
                EACCES => UnixFileKind.AccessDenied,
                var errno => throw new IOException($"Could not stat '{path}' (errno {errno})."),
            };
        }
        var type = *(ushort*)(buffer + ModeOffset) & 0xF000;
        return type switch
        {
            SocketType => UnixFileKind.Socket,
            0x8000 => UnixFileKind.Regular,
            0x4000 => UnixFileKind.Directory,
            _ => UnixFileKind.Other,
        };
    }

    /// <summary>The inode of the socket that the open file descriptor <paramref name="descriptor"/> names; null when it names no socket (or nothing).</summary>
    public static unsafe ulong? SocketInode(int descriptor)
    {
        var buffer = stackalloc byte[StatxSize];
        if (statx(descriptor, "", AtEmptyPath, StatxType | StatxInode, buffer) != 0 || (*(ushort*)(buffer + ModeOffset) & 0xF000) != SocketType)
        {
            return null;
        }
        return *(ulong*)(buffer + InodeOffset);
    }

    /// <summary>The inode of the file at <paramref name="path"/> and its device as the kernel numbers it internally (major &lt;&lt; 20 | minor, as sock_diag reports it); null when it cannot be read.</summary>
    public static unsafe (ulong Inode, uint Device)? Identity(string path)
    {
        var buffer = stackalloc byte[StatxSize];
        if (statx(AtCurrentFolder, path, 0, StatxInode, buffer) != 0)
        {
            return null;
        }
        return (*(ulong*)(buffer + InodeOffset), (*(uint*)(buffer + DeviceMajorOffset) << 20) | *(uint*)(buffer + DeviceMinorOffset));
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int statx(int folder, string path, int flags, uint mask, byte* buffer);
}
