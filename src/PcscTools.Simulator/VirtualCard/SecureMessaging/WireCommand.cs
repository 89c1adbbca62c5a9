using PcscTools.Apdu;
using PcscTools.SecureChannel;

namespace PcscTools.Simulator.VirtualCard.SecureMessaging;

/// <summary>A secured command as it arrives: its header with Lc as sent, the data before the MAC, the MAC, and what rebuilding it plain takes.</summary>
internal readonly struct WireCommand
{
    public WireCommand(ReadOnlySpan<byte> raw, int macLength)
    {
        var parsed = new ParsedCommand(raw);
        Extended = raw.Length > 5 && raw[4] == 0;
        var data = parsed.Data;
        Valid = data.Length >= macLength;
        Body = Valid ? data[..^macLength] : [];
        Mac = Valid ? data[^macLength..] : [];
        Header = SecuredCommand.Header(raw[0], raw[1], raw[2], raw[3], data.Length, Extended);
        Cla = raw[0];
        Ins = raw[1];
        P1 = raw[2];
        P2 = raw[3];
        Le = parsed.Le;
    }

    public bool Valid { get; }
    public bool Extended { get; }
    public byte[] Header { get; }
    public byte[] Body { get; }
    public byte[] Mac { get; }
    public byte Cla { get; }
    public byte Ins { get; }
    public byte P1 { get; }
    public byte P2 { get; }
    public int? Le { get; }

    /// <summary>The command as the host meant it: the secure messaging bit cleared, <paramref name="data"/> in place of what was sent.</summary>
    public byte[] Plain(ReadOnlySpan<byte> data)
    {
        var cla = (Cla & 0x40) != 0 ? (byte)(Cla & ~0x20) : (byte)(Cla & ~0x04);
        return new CommandApdu(cla, Ins, P1, P2, data, Le, Extended && (data.Length > 255 || Le > 256)).Bytes!.ToArray();
    }
}
