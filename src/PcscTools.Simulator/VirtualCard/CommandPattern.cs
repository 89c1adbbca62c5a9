using PcscTools.Bytes;

namespace PcscTools.Simulator.VirtualCard;

/// <summary>A command APDU pattern in hex where '?' stands for any hex digit, e.g. "00 A4 04 00 ??" or "80 CA ????"; a trailing '*' matches any rest.</summary>
public sealed class CommandPattern
{
    private readonly string _nibbles;
    private readonly bool _openEnded;

    public CommandPattern(string pattern)
    {
        Text = pattern;
        var compact = new string(pattern.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        _openEnded = compact.EndsWith('*');
        _nibbles = compact.TrimEnd('*');
        if (_nibbles.Length % 2 != 0 || _nibbles.Any(c => c != '?' && !Uri.IsHexDigit(c)))
        {
            throw new HexFormatException(pattern, "a pattern is pairs of hex digits or '?', optionally ending in '*'");
        }
    }

    public string Text { get; }

    public bool Matches(ReadOnlySpan<byte> command)
    {
        var length = _nibbles.Length / 2;
        if (command.Length < length || (!_openEnded && command.Length != length))
        {
            return false;
        }
        for (var i = 0; i < _nibbles.Length; i++)
        {
            var want = _nibbles[i];
            if (want == '?')
            {
                continue;
            }
            var b = command[i / 2];
            var nibble = i % 2 == 0 ? b >> 4 : b & 0xF;
            if (Convert.ToInt32(want.ToString(), 16) != nibble)
            {
                return false;
            }
        }
        return true;
    }

    public override string ToString() => Text;
}
