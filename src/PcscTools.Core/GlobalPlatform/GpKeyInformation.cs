using PcscTools.Tlv;

namespace PcscTools.GlobalPlatform;

/// <summary>One key of a security domain, from its key information template (GET DATA 00E0, tag C0).</summary>
public sealed class GpKeyInformation
{
    private GpKeyInformation(byte keyId, byte keyVersion, byte typeCode, int length)
    {
        KeyId = keyId;
        KeyVersion = keyVersion;
        TypeCode = typeCode;
        Length = length;
    }

    public byte KeyId { get; }

    public byte KeyVersion { get; }

    /// <summary>The key type byte (GlobalPlatform Card Specification §11.1.8): 80 DES, 88 AES…</summary>
    public byte TypeCode { get; }

    public string Type => TypeCode switch
    {
        0x80 => "DES",
        0x85 => "TLS-PSK",
        0x88 => "AES",
        0x90 => "HMAC-SHA1",
        0x91 => "HMAC-SHA1-160",
        0xA0 => "RSA public e",
        0xA1 => "RSA public N",
        0xA2 => "RSA private N",
        0xA3 => "RSA private d",
        >= 0xA4 and <= 0xA8 => "RSA private CRT",
        0xB0 => "ECC public",
        0xB1 => "ECC private",
        _ => $"{TypeCode:X2}",
    };

    /// <summary>The key's length in bytes.</summary>
    public int Length { get; }

    /// <summary>The keys in a key information template (E0 holding C0 objects), or in the C0 objects alone.</summary>
    public static IReadOnlyList<GpKeyInformation> Decode(TlvSequence tlv)
    {
        var keys = new List<GpKeyInformation>();
        var entries = tlv.Find(0xE0)?.Children ?? tlv.Objects;
        foreach (var c0 in entries.Where(o => o.Tag.Value == 0xC0 && o.Length >= 4))
        {
            var value = c0.Value.AsSpan();
            // The basic format: key id, version, then (type, length) pairs; the extended format starts a component with FF.
            if (value[2] == 0xFF && value.Length >= 6)
            {
                keys.Add(new GpKeyInformation(value[0], value[1], value[3], (value[4] << 8) | value[5]));
            }
            else
            {
                keys.Add(new GpKeyInformation(value[0], value[1], value[2], value[3]));
            }
        }
        return keys;
    }

    public override string ToString() => $"key {KeyId:X2} version {KeyVersion:X2}: {Type}, {Length} bytes";
}
