namespace PcscTools.PcscdProtocol;

/// <summary>A range of pcsc-lite releases, e.g. "1.8.26 to 2.2.3", "2.4.1" or "2.5.0 or later" (no <see cref="Last"/>).</summary>
public sealed record PcscLiteRange(string First, string? Last)
{
    /// <summary>The range from this one's start to <paramref name="other"/>'s end.</summary>
    public PcscLiteRange Through(PcscLiteRange other) => new(First, other.Last);

    public override string ToString() => Last is null ? $"{First} or later" : First == Last ? First : $"{First} to {Last}";
}
