using PcscTools.Bytes;

namespace PcscTools.Atr;

/// <summary>One compact-TLV data object of the historical bytes (ISO/IEC 7816-4 §8.1.1): a tag nibble, a length nibble and the value.</summary>
public sealed class CompactTlvObject
{
    internal CompactTlvObject(int tag, int length, byte[] value, string name, IReadOnlyList<string> meanings)
    {
        Tag = tag;
        Length = length;
        Value = new HexBytes(value);
        Name = name;
        Meanings = meanings;
    }

    /// <summary>The tag nibble, 0 to F.</summary>
    public int Tag { get; }

    /// <summary>The length nibble as written (the value may be shorter when the ATR is truncated).</summary>
    public int Length { get; }

    public HexBytes Value { get; }

    /// <summary>What the tag stands for, e.g. "card capabilities".</summary>
    public string Name { get; }

    /// <summary>The value decoded, one fact per line; empty when the value is opaque.</summary>
    public IReadOnlyList<string> Meanings { get; }

    public override string ToString() => $"{Tag:X}{Length:X} {Name}: {Value}";
}
