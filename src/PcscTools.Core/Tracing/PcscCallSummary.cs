namespace PcscTools.Tracing;

/// <summary>Calls, errors and time spent in one PC/SC function over a trace, like pcsc-spy's closing statistics.</summary>
public sealed class PcscCallSummary
{
    private PcscCallSummary(string function, int calls, int errors, int unreturned, TimeSpan totalTime, double percent)
    {
        Function = function;
        Calls = calls;
        Errors = errors;
        Unreturned = unreturned;
        TotalTime = totalTime;
        Percent = percent;
    }

    public string Function { get; }

    public int Calls { get; }

    /// <summary>Calls that returned something other than SCARD_S_SUCCESS.</summary>
    public int Errors { get; }

    /// <summary>Calls whose return was never seen.</summary>
    public int Unreturned { get; }

    /// <summary>The time spent inside the function, over all its calls.</summary>
    public TimeSpan TotalTime { get; }

    /// <summary>TotalTime as a share of the trace, from its first call to its last return.</summary>
    public double Percent { get; }

    public TimeSpan AverageTime => Calls == Unreturned ? TimeSpan.Zero : TotalTime / (Calls - Unreturned);

    /// <summary>One row per function, the most time first.</summary>
    public static IReadOnlyList<PcscCallSummary> Summarize(IReadOnlyCollection<PcscCall> calls)
    {
        if (calls.Count == 0)
        {
            return Array.Empty<PcscCallSummary>();
        }
        var start = calls.Min(call => call.Time);
        var end = calls.Max(call => call.Time + (call.Duration ?? TimeSpan.Zero));
        var span = (end - start).TotalSeconds;
        return calls
            .GroupBy(call => call.Function)
            .Select(group =>
            {
                var total = TimeSpan.FromTicks(group.Sum(call => call.Duration?.Ticks ?? 0));
                return new PcscCallSummary(group.Key, group.Count(), group.Count(call => call.Returned && !call.IsSuccess),
                    group.Count(call => !call.Returned), total, span > 0 ? Math.Round(total.TotalSeconds / span * 100, 2) : 0);
            })
            .OrderByDescending(row => row.TotalTime)
            .ThenBy(row => row.Function, StringComparer.Ordinal)
            .ToArray();
    }
}
