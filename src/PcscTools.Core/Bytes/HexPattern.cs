namespace PcscTools.Bytes;

/// <summary>
/// Hex bytes where '?' stands for any hex digit, optionally ending in '*' for "any further bytes":
/// "90 00", "61 ??", "00 A4 04 ??*". Spaces are ignored. Matching is a mask and compare per byte.
/// </summary>
public sealed class HexPattern
{
    private readonly byte[] _mask;
    private readonly byte[] _value;

    public HexPattern(string pattern)
    {
        Text = pattern;
        var compact = pattern.Replace(" ", "", StringComparison.Ordinal);
        IsOpenEnded = compact.EndsWith('*');
        var digits = compact.TrimEnd('*');
        var wrong = digits.FirstOrDefault(c => c != '?' && !char.IsAsciiHexDigit(c));
        if (wrong != default)
        {
            throw new HexFormatException(pattern, $"'{wrong}' is neither a hex digit nor '?'");
        }
        if (digits.Length % 2 != 0)
        {
            throw new HexFormatException(pattern, $"it has an odd number of digits ({digits.Length}); every byte needs two (hex or '?')");
        }
        _mask = new byte[digits.Length / 2];
        _value = new byte[digits.Length / 2];
        for (var i = 0; i < digits.Length; i++)
        {
            var shift = i % 2 == 0 ? 4 : 0;
            if (digits[i] != '?')
            {
                _mask[i / 2] |= (byte)(0xF << shift);
                _value[i / 2] |= (byte)(Convert.ToInt32(digits[i].ToString(), 16) << shift);
            }
        }
    }

    public string Text { get; }

    /// <summary>The number of bytes the pattern spells out (before any '*').</summary>
    public int Length => _mask.Length;

    public bool IsOpenEnded { get; }

    public bool Matches(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < _mask.Length || (!IsOpenEnded && bytes.Length != _mask.Length))
        {
            return false;
        }
        for (var i = 0; i < _mask.Length; i++)
        {
            if ((bytes[i] & _mask[i]) != _value[i])
            {
                return false;
            }
        }
        return true;
    }

    public override string ToString() => Text;
}
