using PcscTools.Apdu;

namespace PcscTools.SecureChannel;

/// <summary>How a secured command is laid out (both protocols): the class byte's secure messaging bit, and an Lc that counts the MAC.</summary>
public static class SecuredCommand
{
    /// <summary>CLA with secure messaging indicated: bit 3 for the first four logical channels, bit 6 for the further ones.</summary>
    public static byte SecureClass(byte cla) => (cla & 0x40) != 0 ? (byte)(cla | 0x20) : (byte)(cla | 0x04);

    public static bool IsSecured(byte cla) => (cla & 0x40) != 0 ? (cla & 0x20) != 0 : (cla & 0x04) != 0;

    /// <summary>Whether the secured command needs extended length: the plain one did, or the data with its MAC no longer fits a short Lc.</summary>
    public static bool NeedsExtendedLength(CommandApdu plain, int securedLc) => plain.IsExtended || securedLc > 255;

    /// <summary>CLA INS P1 P2 and the Lc encoding (one byte, or 00 and two bytes when extended): what the MAC covers before the data.</summary>
    public static byte[] Header(byte cla, byte ins, byte p1, byte p2, int lc, bool extended) =>
        extended ? [cla, ins, p1, p2, 0, (byte)(lc >> 8), (byte)lc] : [cla, ins, p1, p2, (byte)lc];

    /// <summary>The command as sent: secured class, <paramref name="data"/> then <paramref name="mac"/>, the plain command's Le.</summary>
    public static CommandApdu Build(CommandApdu plain, ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac, bool extended) =>
        new(SecureClass(plain.Cla), plain.Ins, plain.P1, plain.P2, [.. data, .. mac], plain.Le, extended);
}
