namespace PcscTools.Bytes;

/// <summary>
/// An immutable byte string that shows itself as uppercase hex pairs ("3B 80 80 01 01") and can be made from
/// such text, so that PowerShell can compare and convert it: <c>$reader.Atr -eq '3B 80 80 01 01'</c>.
/// It is deliberately not enumerable, so that the pipeline and the formatter treat it as one value.
/// In JSON it is its hex text.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(HexBytesJsonConverter))]
public sealed class HexBytes : IEquatable<HexBytes>
{
    // The bytes are the first _length of _bytes: a prefix of another value shares its array (both are immutable).
    private readonly byte[] _bytes;
    private readonly int _length;

    public HexBytes(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes.ToArray();
        _length = _bytes.Length;
    }

    /// <summary>PowerShell's conversions use this constructor for <c>[PcscTools.Bytes.HexBytes]'3B 80'</c>.</summary>
    public HexBytes(string hex)
    {
        _bytes = Bytes.Hex.Parse(hex);
        _length = _bytes.Length;
    }

    private HexBytes(byte[] bytes, int length)
    {
        _bytes = bytes;
        _length = length;
    }

    public static HexBytes Empty { get; } = new(ReadOnlySpan<byte>.Empty);

    public int Length => _length;

    /// <summary>The bytes as hex text without separators, e.g. 3B808001.</summary>
    public string Hex => Bytes.Hex.Format(AsSpan(), "");

    public byte this[int index] => AsSpan()[index];

    public byte[] ToArray() => AsSpan().ToArray();

    public ReadOnlySpan<byte> AsSpan() => new(_bytes, 0, _length);

    /// <summary>The first <paramref name="length"/> bytes, without a copy (a response's data within the answer that carried it).</summary>
    internal HexBytes Prefix(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)_length, nameof(length));
        return length == _length ? this : new HexBytes(_bytes, length);
    }

    public static HexBytes Parse(string hex) => new(hex);

    public override string ToString() => Bytes.Hex.Format(AsSpan());

    public bool Equals(HexBytes? other) => other is not null && AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj switch
    {
        HexBytes other => Equals(other),
        byte[] bytes => AsSpan().SequenceEqual(bytes),
        string text => Bytes.Hex.TryParse(text, out var parsed, out _) && AsSpan().SequenceEqual(parsed),
        _ => false,
    };

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(AsSpan());
        return hash.ToHashCode();
    }

    public static implicit operator byte[](HexBytes value) => value.ToArray();
}
