using PcscTools.Bytes;

namespace PcscTools.Atr;

/// <summary>The historical bytes of an ATR, decoded per ISO/IEC 7816-4 §8.1.1: the category indicator and, where present, the compact-TLV objects and status indicator.</summary>
public sealed class AtrHistoricalBytes
{
    internal AtrHistoricalBytes(byte[] bytes, string category, IReadOnlyList<CompactTlvObject> objects, byte? lifeCycleStatus, HexBytes? statusWord, byte? dirDataReference)
    {
        Bytes = new HexBytes(bytes);
        CategoryIndicator = bytes.Length > 0 ? bytes[0] : null;
        Category = category;
        Objects = objects;
        LifeCycleStatus = lifeCycleStatus;
        LifeCycle = lifeCycleStatus is byte lcs ? HistoricalMeanings.LifeCycle(lcs) : null;
        StatusWord = statusWord;
        DirDataReference = dirDataReference;
    }

    public HexBytes Bytes { get; }

    /// <summary>The first historical byte; null when there are none.</summary>
    public byte? CategoryIndicator { get; }

    /// <summary>What the category indicator says about the format, e.g. "compact-TLV data objects".</summary>
    public string Category { get; }

    /// <summary>The compact-TLV objects, when the category indicator is 00 or 80.</summary>
    public IReadOnlyList<CompactTlvObject> Objects { get; }

    /// <summary>The life cycle status byte (LCS) from the status indicator, if any.</summary>
    public byte? LifeCycleStatus { get; }

    /// <summary>The life cycle status in words, e.g. "Operational state (activated)".</summary>
    public string? LifeCycle { get; }

    /// <summary>SW1 SW2 from the status indicator, if any.</summary>
    public HexBytes? StatusWord { get; }

    /// <summary>The DIR data reference that follows a category indicator of 10.</summary>
    public byte? DirDataReference { get; }

    public override string ToString() => Bytes.ToString();

    internal static AtrHistoricalBytes Decode(byte[] bytes, ICollection<string> problems)
    {
        var objects = new List<CompactTlvObject>();
        byte? lcs = null;
        HexBytes? sw = null;
        if (bytes.Length == 0)
        {
            return new AtrHistoricalBytes(bytes, "none", objects, null, null, null);
        }
        switch (bytes[0])
        {
            case 0x00:
                if (bytes.Length < 4)
                {
                    problems.Add($"Historical bytes: category 00 needs a 3-byte status indicator at the end, but only {bytes.Length - 1} byte(s) follow it.");
                    return new AtrHistoricalBytes(bytes, "compact-TLV data objects and a status indicator", objects, null, null, null);
                }
                ParseCompactTlv(bytes.AsSpan(1, bytes.Length - 4), objects, problems, ref lcs, ref sw);
                lcs = bytes[^3];
                sw = new HexBytes(bytes.AsSpan(bytes.Length - 2));
                return new AtrHistoricalBytes(bytes, "compact-TLV data objects and a status indicator", objects, lcs, sw, null);
            case 0x80 when bytes.Length > 2 && bytes[1] == PcscPart3.Tag:
                objects.Add(PcscPart3.Decode(bytes.AsSpan(2), problems));
                return new AtrHistoricalBytes(bytes, "PC/SC part 3 contactless card identification", objects, null, null, null);
            case 0x80:
                ParseCompactTlv(bytes.AsSpan(1), objects, problems, ref lcs, ref sw);
                return new AtrHistoricalBytes(bytes, "compact-TLV data objects", objects, lcs, sw, null);
            case 0x10:
                if (bytes.Length < 2)
                {
                    problems.Add("Historical bytes: category 10 announces a DIR data reference, but the byte is missing.");
                }
                return new AtrHistoricalBytes(bytes, "DIR data reference", objects, null, null, bytes.Length > 1 ? bytes[1] : null);
            case >= 0x81 and <= 0x8F:
                return new AtrHistoricalBytes(bytes, "reserved for future use", objects, null, null, null);
            default:
                return new AtrHistoricalBytes(bytes, "proprietary", objects, null, null, null);
        }
    }

    private static void ParseCompactTlv(ReadOnlySpan<byte> data, List<CompactTlvObject> objects, ICollection<string> problems, ref byte? lcs, ref HexBytes? sw)
    {
        var at = 0;
        while (at < data.Length)
        {
            var tag = data[at] >> 4;
            var length = data[at] & 0xF;
            at++;
            var available = Math.Min(length, data.Length - at);
            var value = data.Slice(at, available).ToArray();
            at += available;
            if (available < length)
            {
                problems.Add($"Historical bytes: compact-TLV object {tag:X}{length:X} announces {length} byte(s) but only {available} remain.");
            }
            var (name, meanings) = HistoricalMeanings.Describe(tag, value);
            objects.Add(new CompactTlvObject(tag, length, value, name, meanings));
            if (tag == 8)
            {
                (lcs, sw) = value.Length switch
                {
                    1 => ((byte?)value[0], sw),
                    2 => (lcs, new HexBytes(value)),
                    3 => (value[0], new HexBytes(value.AsSpan(1))),
                    _ => (lcs, sw),
                };
            }
        }
    }
}
