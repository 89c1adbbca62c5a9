namespace PcscTools.Atr;

/// <summary>
/// The historical bytes a PC/SC reader makes up for a contactless storage card (PC/SC part 3 §3.1.3.2.3):
/// 80 4F, a length, then RID, standard, card name and RFU bytes. The 4F is a BER-TLV tag, not a compact-TLV header.
/// </summary>
internal static class PcscPart3
{
    public const byte Tag = 0x4F;

    private static readonly Dictionary<byte, string> Standards = new()
    {
        [0x00] = "no information given",
        [0x01] = "ISO 14443 A, part 1",
        [0x02] = "ISO 14443 A, part 2",
        [0x03] = "ISO 14443 A, part 3",
        [0x05] = "ISO 14443 B, part 1",
        [0x06] = "ISO 14443 B, part 2",
        [0x07] = "ISO 14443 B, part 3",
        [0x09] = "ISO 15693, part 1",
        [0x0A] = "ISO 15693, part 2",
        [0x0B] = "ISO 15693, part 3",
        [0x0C] = "ISO 15693, part 4",
        [0x0D] = "contact (7816-10) I2C",
        [0x0E] = "contact (7816-10) extended I2C",
        [0x0F] = "contact (7816-10) 2WBP",
        [0x10] = "contact (7816-10) 3WBP",
        [0x11] = "FeliCa",
    };

    /// <summary>Decodes what follows 80 4F: the length byte and the application identifier.</summary>
    public static CompactTlvObject Decode(ReadOnlySpan<byte> data, ICollection<string> problems)
    {
        var length = data[0];
        var value = data[1..Math.Min(data.Length, 1 + length)].ToArray();
        if (value.Length < length)
        {
            problems.Add($"Historical bytes: the PC/SC part 3 identifier announces {length} byte(s) but only {value.Length} remain.");
        }
        var meanings = new List<string>();
        if (value.Length >= 5)
        {
            meanings.Add($"RID: {Bytes.Hex.Format(value.AsSpan(0, 5))}" + (value.AsSpan(0, 5).SequenceEqual(new byte[] { 0xA0, 0x00, 0x00, 0x03, 0x06 }) ? " (PC/SC Workgroup)" : ""));
        }
        if (value.Length >= 6)
        {
            meanings.Add($"Standard: {value[5]:X2} ({(Standards.TryGetValue(value[5], out var standard) ? standard : "RFU")})");
        }
        if (value.Length >= 8)
        {
            meanings.Add($"Card name: {value[6]:X2} {value[7]:X2}");
        }
        return new CompactTlvObject(Tag >> 4, length, value, "application identifier (PC/SC part 3)", meanings);
    }
}
