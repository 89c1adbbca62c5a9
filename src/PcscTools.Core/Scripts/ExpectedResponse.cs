namespace PcscTools.Scripts;

/// <summary>
/// A response a script expects, written as scriptor prints responses: "&lt; 6F 10 .. .. 90 00 : Normal processing.".
/// Each byte is hex or ".." (any byte); one "*" stands for any number of bytes; text after ":" is a comment.
/// </summary>
public sealed class ExpectedResponse
{
    private readonly int?[] _head;
    private readonly int?[]? _tail;

    private ExpectedResponse(int lineNumber, string text, int?[] head, int?[]? tail)
    {
        LineNumber = lineNumber;
        Text = text;
        _head = head;
        _tail = tail;
    }

    public int LineNumber { get; }

    /// <summary>The pattern as written, without the "&lt;" and the comment.</summary>
    public string Text { get; }

    public bool Matches(ReadOnlySpan<byte> response)
    {
        if (_tail is null)
        {
            return response.Length == _head.Length && Fits(response, _head);
        }
        return response.Length >= _head.Length + _tail.Length
            && Fits(response[.._head.Length], _head)
            && Fits(response[^_tail.Length..], _tail);
    }

    public override string ToString() => $"< {Text}";

    /// <summary>Parses the text after "&lt;"; null and a problem when it is not a response pattern.</summary>
    internal static ExpectedResponse? Parse(int lineNumber, string text, out string? problem)
    {
        var colon = text.IndexOf(':');
        var pattern = (colon >= 0 ? text[..colon] : text).Trim();
        var head = new List<int?>();
        List<int?>? tail = null;
        foreach (var token in pattern.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (token == "*")
            {
                if (tail is not null)
                {
                    problem = "only one '*' may stand in an expected response";
                    return null;
                }
                tail = new List<int?>();
                continue;
            }
            int? value = token is ".." or "XX" or "xx" ? null
                : HexByte(token) ?? -1;
            if (value == -1)
            {
                problem = $"'{token}' is neither a hex byte nor '..' or '*'";
                return null;
            }
            (tail ?? head).Add(value);
        }
        if (head.Count + (tail?.Count ?? 0) < 2 && tail is null)
        {
            problem = "an expected response needs at least the two status bytes (or '*')";
            return null;
        }
        problem = null;
        return new ExpectedResponse(lineNumber, pattern, head.ToArray(), tail?.ToArray());
    }

    /// <summary>Exactly two hex digits as a byte, else null.</summary>
    internal static byte? HexByte(string token) =>
        token.Length == 2 && char.IsAsciiHexDigit(token[0]) && char.IsAsciiHexDigit(token[1]) ? Convert.ToByte(token, 16) : null;

    private static bool Fits(ReadOnlySpan<byte> bytes, int?[] pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] is int expected && bytes[i] != expected)
            {
                return false;
            }
        }
        return true;
    }
}
