using PcscTools.Bytes;
using PcscTools.Tlv;

namespace PcscTools.GlobalPlatform;

/// <summary>
/// Card recognition data (GET DATA 0066; GlobalPlatform Card Specification §H.2): which GlobalPlatform version the card
/// implements and which secure channel protocols it offers, written as OIDs under GlobalPlatform's 1.2.840.114283.
/// </summary>
public sealed class GpCardRecognition
{
    /// <summary>1.2.840.114283, GlobalPlatform's OID, as encoded.</summary>
    private static readonly byte[] GlobalPlatformOid = [0x2A, 0x86, 0x48, 0x86, 0xFC, 0x6B];

    private GpCardRecognition(string? version, IReadOnlyList<string> secureChannels, TlvSequence tlv)
    {
        GlobalPlatformVersion = version;
        SecureChannelProtocols = secureChannels;
        Tlv = tlv;
    }

    /// <summary>The card management type and version (tag 60), e.g. "2.3.1"; null when absent.</summary>
    public string? GlobalPlatformVersion { get; }

    /// <summary>The secure channel protocols (tag 64), e.g. "SCP03 i=70".</summary>
    public IReadOnlyList<string> SecureChannelProtocols { get; }

    /// <summary>The whole answer as TLV.</summary>
    public TlvSequence Tlv { get; }

    public static GpCardRecognition Decode(ReadOnlySpan<byte> data)
    {
        var tlv = BerTlv.Parse(data);
        var recognition = tlv.Find(0x73);
        var version = Suffix(recognition?.Find(0x60), 0x02) is { Length: > 0 } v ? string.Join(".", v) : null;
        var channels = recognition?.Children.Where(c => c.Tag.Value == 0x64)
            .Select(c => Suffix(c, 0x04))
            .Where(s => s is { Length: >= 1 })
            .Select(s => s!.Length >= 2 ? $"SCP{s[0]:X2} i={s[1]:X2}" : $"SCP{s[0]:X2}")
            .ToArray() ?? [];
        return new GpCardRecognition(version, channels, tlv);
    }

    /// <summary>The bytes after GlobalPlatform's OID and <paramref name="arc"/> in the OID inside <paramref name="holder"/>.</summary>
    private static byte[]? Suffix(TlvObject? holder, byte arc)
    {
        if (holder?.Find(0x06) is not { } oid)
        {
            return null;
        }
        var bytes = oid.Value.AsSpan();
        var prefix = GlobalPlatformOid.Length;
        return bytes.Length > prefix && bytes[..prefix].SequenceEqual(GlobalPlatformOid) && bytes[prefix] == arc ? bytes[(prefix + 1)..].ToArray() : null;
    }

    public override string ToString() => $"GlobalPlatform {GlobalPlatformVersion ?? "?"}; {string.Join(", ", SecureChannelProtocols)}";
}
