using System.Collections.Concurrent;
using PcscTools.Bytes;

namespace PcscTools.Apdu;

/// <summary>A status word pattern of four hex digits where '?' stands for any digit: 9000, 61??, 63C?.</summary>
public sealed class StatusPattern
{
    /// <summary>How many texts <see cref="Parse"/> remembers; a script uses a few patterns, over and over.</summary>
    private const int RememberedLimit = 64;

    private static readonly ConcurrentDictionary<string, StatusPattern> Remembered = new(StringComparer.Ordinal);

    private readonly HexPattern _pattern;

    public StatusPattern(string pattern)
    {
        // Four characters without spaces leave HexPattern two bytes, or a problem it names ('*' included).
        if (pattern.Replace(" ", "", StringComparison.Ordinal).Length != 4)
        {
            throw new FormatException($"'{pattern}' is not a status word pattern: it needs four hex digits or '?', e.g. 9000, 61??, 63C?.");
        }
        try
        {
            _pattern = new HexPattern(pattern);
        }
        catch (HexFormatException e)
        {
            throw new FormatException($"'{pattern}' is not a status word pattern: {e.Problem}.", e);
        }
    }

    /// <summary>The pattern <paramref name="pattern"/> spells (see the constructor), parsed once per text: patterns are immutable, so calls share them.</summary>
    public static StatusPattern Parse(string pattern)
    {
        if (Remembered.TryGetValue(pattern, out var known))
        {
            return known;
        }
        var parsed = new StatusPattern(pattern);
        if (Remembered.Count < RememberedLimit)
        {
            Remembered.TryAdd(pattern, parsed);
        }
        return parsed;
    }

    public string Text => _pattern.Text;

    public bool Matches(ushort statusWord) => _pattern.Matches([(byte)(statusWord >> 8), (byte)statusWord]);

    public override string ToString() => Text;
}
