using System.Runtime.InteropServices;
using PcscTools.Errors;

namespace PcscTools.PcscdProtocol;

/// <summary>
/// pcsc-lite's CMD_VERSION exchange on pcscd's socket (protocol 4.x): the client sends a header
/// {uint32 size = 12, uint32 command = 0x11} and a version_struct {int32 major, int32 minor, uint32 rv = 0};
/// the daemon answers with a bare version_struct carrying its own major.minor and its verdict in rv.
/// All fields are in host byte order (pcsc-lite never converts). Source: winscard_msg.h / winscard_svc.c.
/// </summary>
public static class VersionExchange
{
    /// <summary>CMD_VERSION in enum pcsc_msg_commands.</summary>
    public const uint Command = 0x11;

    /// <summary>sizeof(struct rxHeader).</summary>
    public const int HeaderLength = 8;

    /// <summary>sizeof(struct version_struct).</summary>
    public const int BodyLength = 12;

    /// <summary>The 20 bytes a client sends to announce <paramref name="version"/>.</summary>
    public static byte[] Request(Version version)
    {
        var bytes = new byte[HeaderLength + BodyLength];
        Write(bytes, 0, BodyLength);
        Write(bytes, 4, Command);
        WriteBody(bytes.AsSpan(HeaderLength), version, PcscError.Success);
        return bytes;
    }

    /// <summary>A version_struct (the daemon's answer, or a request's body).</summary>
    public static byte[] Body(Version version, PcscError verdict)
    {
        var bytes = new byte[BodyLength];
        WriteBody(bytes, version, verdict);
        return bytes;
    }

    /// <summary>Reads a header: the body size and the command.</summary>
    public static (uint Size, uint Command) ReadHeader(ReadOnlySpan<byte> header) =>
        (MemoryMarshal.Read<uint>(header), MemoryMarshal.Read<uint>(header[4..]));

    /// <summary>Reads a version_struct: major.minor and rv.</summary>
    public static (int Major, int Minor, uint Verdict) ReadBody(ReadOnlySpan<byte> body) =>
        (MemoryMarshal.Read<int>(body), MemoryMarshal.Read<int>(body[4..]), MemoryMarshal.Read<uint>(body[8..]));

    private static void WriteBody(Span<byte> body, Version version, PcscError verdict)
    {
        Write(body, 0, (uint)version.Major);
        Write(body, 4, (uint)version.Minor);
        Write(body, 8, (uint)verdict);
    }

    private static void Write(Span<byte> bytes, int offset, uint value) => MemoryMarshal.Write(bytes[offset..], in value);
}
