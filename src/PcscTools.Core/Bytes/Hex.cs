namespace PcscTools.Bytes;

/// <summary>Hex text as smart-card people write it: uppercase pairs separated by spaces on output; any case, with or without spaces, colons or a 0x prefix on input.</summary>
public static class Hex
{
    private const string Digits = "0123456789ABCDEF";

    public static string Format(ReadOnlySpan<byte> bytes, string separator = " ")
    {
        if (bytes.IsEmpty)
        {
            return "";
        }
        var text = new char[bytes.Length * (2 + separator.Length) - separator.Length];
        var at = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i > 0)
            {
                separator.CopyTo(0, text, at, separator.Length);
                at += separator.Length;
            }
            text[at++] = Digits[bytes[i] >> 4];
            text[at++] = Digits[bytes[i] & 0xF];
        }
        return new string(text);
    }

    /// <summary>Parses hex text; throws <see cref="HexFormatException"/> naming the problem and the offending text.</summary>
    public static byte[] Parse(string text) =>
        TryParse(text, out var bytes, out var problem) ? bytes : throw new HexFormatException(text, problem!);

    public static bool TryParse(string? text, out byte[] bytes, out string? problem)
    {
        if (text is null)
        {
            bytes = Array.Empty<byte>();
            problem = "no text was given";
            return false;
        }
        return TryParse(text.AsSpan(), out bytes, out problem);
    }

    /// <summary>
    /// The same over characters that need not be a string (a key read out of a SecureString): nothing is allocated
    /// before the text is known to be good, so a failed parse leaves no partial copy behind.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out byte[] bytes, out string? problem)
    {
        bytes = Array.Empty<byte>();
        var span = text.Trim();
        if (span.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            span = span[2..];
        }
        // Checked and counted first, so that the bytes are written straight into an array of the right size.
        var digits = 0;
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (IsSeparator(c))
            {
                continue;
            }
            if (HexValue(c) < 0)
            {
                problem = $"'{c}' at position {i + 1} is not a hex digit";
                return false;
            }
            digits++;
        }
        if (digits % 2 != 0)
        {
            problem = $"it has an odd number of hex digits ({digits}); every byte needs two";
            return false;
        }
        bytes = digits == 0 ? Array.Empty<byte>() : new byte[digits / 2];
        var high = -1;
        var next = 0;
        foreach (var c in span)
        {
            if (IsSeparator(c))
            {
                continue;
            }
            if (high < 0)
            {
                high = HexValue(c);
                continue;
            }
            bytes[next++] = (byte)((high << 4) | HexValue(c));
            high = -1;
        }
        problem = null;
        return true;
    }

    private static bool IsSeparator(char c) => char.IsWhiteSpace(c) || c == ':' || c == '-';

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
