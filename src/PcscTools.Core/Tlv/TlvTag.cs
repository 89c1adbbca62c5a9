using PcscTools.Bytes;

namespace PcscTools.Tlv;

/// <summary>
/// A BER-TLV tag (ISO/IEC 7816-4 §6.3, ITU-T X.690): one byte, or a first byte with b5-b1 all set followed by bytes whose
/// b8 says another follows. Kept as its encoded bytes, at most four, read as one big-endian number (9F7F, E3, 7F49…).
/// </summary>
public readonly struct TlvTag : IEquatable<TlvTag>
{
    /// <summary>The longest tag this parser accepts; ISO/IEC 7816-4 uses at most three bytes.</summary>
    public const int MaxLength = 4;

    public TlvTag(uint value)
    {
        if (value == 0)
        {
            throw new ArgumentException("Tag 00 is padding, not a tag.", nameof(value));
        }
        Value = value;
        Length = value > 0xFFFFFF ? 4 : value > 0xFFFF ? 3 : value > 0xFF ? 2 : 1;
        if (!IsWellFormed(value, Length))
        {
            throw new ArgumentException($"{ToHex(value, Length)} is not a BER-TLV tag: " +
                (Length == 1 ? "a one-byte tag cannot have b5-b1 all set (that announces more tag bytes)"
                    : "only a first byte with b5-b1 all set is followed by more tag bytes, and every byte but the last has b8 set"), nameof(value));
        }
    }

    /// <summary>The tag's bytes read as one big-endian number, e.g. 0x9F7F.</summary>
    public uint Value { get; }

    /// <summary>How many bytes the tag takes (1–4).</summary>
    public int Length { get; }

    private byte First => (byte)(Value >> (8 * (Length - 1)));

    public TlvClass Class => (TlvClass)(First >> 6);

    /// <summary>b6 of the first byte: the value is itself a sequence of TLV objects.</summary>
    public bool IsConstructed => (First & 0x20) != 0;

    /// <summary>The tag bytes as written.</summary>
    public HexBytes Bytes
    {
        get
        {
            Span<byte> bytes = stackalloc byte[MaxLength];
            WriteTo(bytes);
            return new HexBytes(bytes[..Length]);
        }
    }

    /// <summary>Parses a tag written in hex ('9F7F', '0x9F7F', 'E3').</summary>
    public static TlvTag Parse(string hex)
    {
        if (!Hex.TryParse(hex, out var bytes, out var problem))
        {
            throw new FormatException($"'{hex}' is not a tag: {problem}.");
        }
        if (bytes.Length is 0 or > MaxLength)
        {
            throw new FormatException($"'{hex}' is not a tag: a tag has 1 to {MaxLength} bytes.");
        }
        uint value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }
        try
        {
            return new TlvTag(value) is var tag && tag.Length == bytes.Length ? tag : throw new FormatException($"'{hex}' is not a tag: it starts with 00.");
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message.Split(" (Parameter")[0], e);
        }
    }

    internal void WriteTo(Span<byte> destination)
    {
        for (var i = 0; i < Length; i++)
        {
            destination[i] = (byte)(Value >> (8 * (Length - 1 - i)));
        }
    }

    private static bool IsWellFormed(uint value, int length)
    {
        var first = (byte)(value >> (8 * (length - 1)));
        var multiByte = (first & 0x1F) == 0x1F;
        if (length == 1)
        {
            return !multiByte;
        }
        if (!multiByte)
        {
            return false;
        }
        for (var i = 1; i < length; i++)
        {
            var b = (byte)(value >> (8 * (length - 1 - i)));
            var last = i == length - 1;
            if (((b & 0x80) != 0) == last)
            {
                return false;
            }
        }
        return true;
    }

    private static string ToHex(uint value, int length) => value.ToString("X" + (2 * length));

    public bool Equals(TlvTag other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is TlvTag other && Equals(other);

    public override int GetHashCode() => (int)Value;

    public static bool operator ==(TlvTag left, TlvTag right) => left.Equals(right);

    public static bool operator !=(TlvTag left, TlvTag right) => !left.Equals(right);

    /// <summary>The tag in hex without spaces, as specifications write it: 9F7F.</summary>
    public override string ToString() => ToHex(Value, Length);
}
