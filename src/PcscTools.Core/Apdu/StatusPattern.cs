using PcscTools.Bytes;

namespace PcscTools.Apdu;

/// <summary>A status word pattern of four hex digits where '?' stands for any digit: 9000, 61??, 63C?.</summary>
public sealed class StatusPattern
{
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

    public string Text => _pattern.Text;

    public bool Matches(ushort statusWord) => _pattern.Matches([(byte)(statusWord >> 8), (byte)statusWord]);

    public override string ToString() => Text;
}
