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
    private readonly byte[] _bytes;

    public HexBytes(ReadOnlySpan<byte> bytes) => _bytes = bytes.ToArray();

    /// <summary>PowerShell's conversions use this constructor for <c>[PcscTools.Bytes.HexBytes]'3B 80'</c>.</summary>
    public HexBytes(string hex) => _bytes = Bytes.Hex.Parse(hex);

    public static HexBytes Empty { get; } = new(ReadOnlySpan<byte>.Empty);

    public int Length => _bytes.Length;

    /// <summary>The bytes as hex text without separators, e.g. 3B808001.</summary>
    public string Hex => Bytes.Hex.Format(_bytes, "");

    public byte this[int index] => _bytes[index];

    public byte[] ToArray() => (byte[])_bytes.Clone();

    public ReadOnlySpan<byte> AsSpan() => _bytes;

    public static HexBytes Parse(string hex) => new(hex);

    public override string ToString() => Bytes.Hex.Format(_bytes);

    public bool Equals(HexBytes? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => obj switch
    {
        HexBytes other => Equals(other),
        byte[] bytes => _bytes.AsSpan().SequenceEqual(bytes),
        string text => Bytes.Hex.TryParse(text, out var parsed, out _) && _bytes.AsSpan().SequenceEqual(parsed),
        _ => false,
    };

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    public static implicit operator byte[](HexBytes value) => value.ToArray();
}
