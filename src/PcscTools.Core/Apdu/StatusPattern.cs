namespace PcscTools.Apdu;

/// <summary>A status word pattern of four hex digits where '?' stands for any digit: 9000, 61??, 63C?.</summary>
public sealed class StatusPattern
{
    private readonly ushort _mask;
    private readonly ushort _value;

    public StatusPattern(string pattern)
    {
        Text = pattern;
        var compact = pattern.Replace(" ", "", StringComparison.Ordinal);
        if (compact.Length != 4)
        {
            throw new FormatException($"'{pattern}' is not a status word pattern: it needs four hex digits or '?', e.g. 9000, 61??, 63C?.");
        }
        foreach (var c in compact)
        {
            _mask <<= 4;
            _value <<= 4;
            if (c == '?')
            {
                continue;
            }
            if (!Uri.IsHexDigit(c))
            {
                throw new FormatException($"'{pattern}' is not a status word pattern: '{c}' is neither a hex digit nor '?'.");
            }
            _mask |= 0xF;
            _value |= (ushort)Convert.ToInt32(c.ToString(), 16);
        }
    }

    public string Text { get; }

    public bool Matches(ushort statusWord) => (statusWord & _mask) == _value;

    public override string ToString() => Text;
}
