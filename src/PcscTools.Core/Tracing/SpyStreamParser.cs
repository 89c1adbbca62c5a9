using PcscTools.Errors;

namespace PcscTools.Tracing;

/// <summary>
/// Turns libpcscspy's stream, line by line, into <see cref="PcscCall"/>s as they return. Threads interleave, so each
/// thread's open call is kept apart. Damage is tolerated: a line the spy would not write is counted and skipped, a call
/// whose return is missing is given back as not returned when its thread starts another call or the stream ends.
/// </summary>
public sealed class SpyStreamParser
{
    private readonly Dictionary<string, OpenCall> _open = new();
    private readonly SpyCallDecoder _decoder;

    public SpyStreamParser(bool showSecrets = false) => _decoder = new SpyCallDecoder(showSecrets);

    /// <summary>Lines that were not part of any call (garbage, a return without its call, an argument on a thread with no call under way).</summary>
    public int SkippedLines { get; private set; }

    /// <summary>Reads one line (without its newline); gives back the calls it completes, usually none or one.</summary>
    public IReadOnlyList<PcscCall> Feed(string line)
    {
        var parsed = SpyLine.TryParse(line.TrimEnd('\r'));
        if (parsed is null)
        {
            SkippedLines += line.Length == 0 ? 0 : 1;
            return Array.Empty<PcscCall>();
        }
        _open.TryGetValue(parsed.Thread, out var open);
        switch (parsed.Kind)
        {
            case SpyLineKind.Call:
                _open[parsed.Thread] = new OpenCall(parsed.Function, parsed.Time);
                return open is null ? Array.Empty<PcscCall>() : new[] { Unreturned(parsed.Thread, open) };
            case SpyLineKind.Return when open is not null:
                _open.Remove(parsed.Thread);
                if (open.Function != parsed.Function)
                {
                    // The return of another call (its start was lost): the open call's own return is missing.
                    SkippedLines++;
                    return new[] { Unreturned(parsed.Thread, open) };
                }
                var duration = parsed.Time - open.Time;
                var content = _decoder.Decode(open.Function, open.Lines, returned: true, duration);
                return new[] { new PcscCall(parsed.Thread, open.Function, open.Time, content, (PcscError)parsed.Code, parsed.Message, duration) };
            case SpyLineKind.Argument when open is not null:
                open.Lines.Add(parsed.Payload);
                return Array.Empty<PcscCall>();
            default:
                SkippedLines++;
                return Array.Empty<PcscCall>();
        }
    }

    /// <summary>The end of the stream: every call still under way, as not returned (oldest first).</summary>
    public IReadOnlyList<PcscCall> Complete()
    {
        var calls = _open.OrderBy(pair => pair.Value.Time).Select(pair => Unreturned(pair.Key, pair.Value)).ToArray();
        _open.Clear();
        return calls;
    }

    /// <summary>Every call in a whole capture, in the order they returned, then those that never did.</summary>
    public IEnumerable<PcscCall> ParseAll(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            foreach (var call in Feed(line))
            {
                yield return call;
            }
        }
        foreach (var call in Complete())
        {
            yield return call;
        }
    }

    private PcscCall Unreturned(string thread, OpenCall open) =>
        new(thread, open.Function, open.Time, _decoder.Decode(open.Function, open.Lines, returned: false, null), null, null, null);

    private sealed record OpenCall(string Function, DateTimeOffset Time)
    {
        public List<string> Lines { get; } = new();
    }
}
