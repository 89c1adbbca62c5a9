using System.Globalization;
using PcscTools.Bytes;

namespace PcscTools.Tracing;

/// <summary>The argument lines the spy wrote for one call, read in order; running out is remembered rather than thrown.</summary>
internal sealed class SpyArguments
{
    private readonly IReadOnlyList<string> _lines;
    private int _next;

    public SpyArguments(IReadOnlyList<string> lines) => _lines = lines;

    /// <summary>A line was asked for after the last one.</summary>
    public bool RanOut { get; private set; }

    public bool HasLeftOver => _next < _lines.Count;

    public int Remaining => _lines.Count - _next;

    public string? Next()
    {
        if (_next < _lines.Count)
        {
            return _lines[_next++];
        }
        RanOut = true;
        return null;
    }

    /// <summary>A 0x-prefixed hex number, e.g. a handle, length or flag word; null for NULL, a missing or a malformed line.</summary>
    public ulong? NextNumber() => Number(Next());

    /// <summary>A line of hex pairs (the spy ends it with a space); null for NULL or a missing line.</summary>
    public HexBytes? NextBuffer()
    {
        var line = Next();
        return line is null or "NULL" ? null : Hex.TryParse(line, out var bytes, out _) ? new HexBytes(bytes) : null;
    }

    /// <summary>A handle as the spy wrote it; handles are opaque, so they stay text.</summary>
    public string? NextHandle() => Next();

    public static ulong? Number(string? line) =>
        line is not null && line.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        && ulong.TryParse(line.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
