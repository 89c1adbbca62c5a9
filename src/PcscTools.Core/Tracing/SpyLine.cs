using System.Globalization;

namespace PcscTools.Tracing;

/// <summary>What one line of libpcscspy's stream says: a call begins, a call returns, or an argument of the call under way on that thread.</summary>
internal enum SpyLineKind
{
    Argument,
    Call,
    Return,
}

/// <summary>
/// One line of libpcscspy's stream, <c>&lt;thread id hex&gt;@payload</c>: <c>&gt;|sec|usec|Function</c> opens a call,
/// <c>&lt;|sec|usec|Function|message|0xCODE</c> closes it, anything else is the next argument of the thread's open call.
/// </summary>
internal sealed record SpyLine(string Thread, SpyLineKind Kind, string Payload, DateTimeOffset Time, string Function, string Message, uint Code)
{
    /// <summary>Reads a line; null when it is not one the spy writes (no thread id, a malformed call or return line).</summary>
    public static SpyLine? TryParse(string line)
    {
        var at = line.IndexOf('@');
        if (at <= 0 || !IsHex(line.AsSpan(0, at)))
        {
            return null;
        }
        var thread = line[..at];
        var payload = line[(at + 1)..];
        if (payload.StartsWith(">|", StringComparison.Ordinal))
        {
            var parts = payload.Split('|');
            return parts.Length == 4 && TryTime(parts[1], parts[2], out var time) && IsFunctionName(parts[3])
                ? new SpyLine(thread, SpyLineKind.Call, payload, time, parts[3], "", 0)
                : null;
        }
        if (payload.StartsWith("<|", StringComparison.Ordinal))
        {
            // The message is pcsc_stringify_error's text and never holds '|', so the code is the last field.
            var parts = payload.Split('|');
            return parts.Length == 6 && TryTime(parts[1], parts[2], out var time) && IsFunctionName(parts[3])
                && parts[5].StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                && uint.TryParse(parts[5].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code)
                ? new SpyLine(thread, SpyLineKind.Return, payload, time, parts[3], parts[4], code)
                : null;
        }
        return new SpyLine(thread, SpyLineKind.Argument, payload, default, "", "", 0);
    }

    private static bool TryTime(string seconds, string microseconds, out DateTimeOffset time)
    {
        time = default;
        if (!long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            || !long.TryParse(microseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var us)
            || s > 253402300799 || us >= 1_000_000)
        {
            return false;
        }
        time = DateTimeOffset.FromUnixTimeSeconds(s).AddTicks(us * 10).ToLocalTime();
        return true;
    }

    private static bool IsFunctionName(string name) =>
        name.Length is > 0 and < 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return text.Length <= 16;
    }
}
