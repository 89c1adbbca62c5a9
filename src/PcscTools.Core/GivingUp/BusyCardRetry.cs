using System.Diagnostics;
using PcscTools.Errors;

namespace PcscTools.GivingUp;

/// <summary>
/// Retries a call while the card is held by another connection (exclusively, or inside its transaction), for at most a
/// timeout. PcscLiteApi turns off libpcsclite's own retrying, which would wait forever; this is the bounded replacement.
/// </summary>
internal static class BusyCardRetry
{
    /// <summary>pcsc-lite's own poll rate (PCSCLITE_LOCK_POLL_RATE).</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs <paramref name="call"/>, which is given the time left, until it is not refused as busy or the time is up.</summary>
    public static T Run<T>(Func<TimeSpan, T> call, TimeSpan timeout, CancellationToken cancel)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var left = timeout - Stopwatch.GetElapsedTime(started);
            try
            {
                return call(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
            catch (PcscException e) when (e.Code == PcscError.SharingViolation)
            {
                if (Stopwatch.GetElapsedTime(started) >= timeout)
                {
                    throw new PcscException(e.Code, e.Operation, e.Target, $"It was still in use after {timeout.TotalSeconds:0.###} s of waiting.");
                }
                if (cancel.WaitHandle.WaitOne(PollInterval))
                {
                    throw new OperationCanceledException(cancel);
                }
            }
        }
    }

    public static T Run<T>(Func<T> call, TimeSpan timeout, CancellationToken cancel) => Run(_ => call(), timeout, cancel);

    public static void Run(Action call, TimeSpan timeout, CancellationToken cancel) =>
        Run(() => { call(); return true; }, timeout, cancel);
}
