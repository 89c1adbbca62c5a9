using PcscTools.Bytes;

namespace PcscTools.Tlv;

/// <summary>Where and why bytes that should be TLV do not parse; what came before them was kept.</summary>
public sealed class TlvProblem
{
    internal TlvProblem(int offset, string path, string reason, ReadOnlySpan<byte> unparsed)
    {
        Offset = offset;
        Path = path;
        Reason = reason;
        Unparsed = new HexBytes(unparsed);
    }

    /// <summary>The position (from 0) in the parsed bytes of the first byte that could not be read as an object.</summary>
    public int Offset { get; }

    /// <summary>The constructed objects it sits in, outermost first (e.g. "E3/A5"); empty at the top level.</summary>
    public string Path { get; }

    public string Reason { get; }

    /// <summary>The bytes from <see cref="Offset"/> to the end of the enclosing object (or of the data), left unparsed.</summary>
    public HexBytes Unparsed { get; }

    public override string ToString() =>
        $"At offset {Offset}{(Path.Length == 0 ? "" : $" (inside {Path})")}: {Reason}; {Unparsed.Length} byte(s) left unparsed: {Unparsed}";
}
