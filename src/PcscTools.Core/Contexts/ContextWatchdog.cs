using System.Diagnostics;
using System.Globalization;
using PcscTools.Errors;
using PcscTools.Interop;

namespace PcscTools.Contexts;

/// <summary>
/// Bounds the calls on one context that pcscd may hold without end: when such a call outlasts its limit, or its
/// cancellation has waited <see cref="CancelGrace"/> for it, the watchdog shuts the context's socket down
/// (<see cref="ContextSocket"/>), which ends the call and the context with it. A call that returns in time costs a few
/// volatile writes, plus a cancellation registration when the caller can cancel. One call at a time per context, as
/// libpcsclite itself allows.
/// </summary>
internal sealed class ContextWatchdog
{
    /// <summary>How long a cancelled call may still finish by itself, so that a Ctrl+C between two quick commands keeps the context.</summary>
    internal static readonly TimeSpan CancelGrace = TimeSpan.FromMilliseconds(200);

    /// <summary>What a wait for another program's transaction, given up at its limit, says.</summary>
    internal const string HeldByTransaction = "Another program's transaction still held it after {0:0.###} s of waiting.";

    private const int Idle = 0, Calling = 1, TimedOut = 2, Cancelled = 3;

    private readonly ContextSocket? _socket;
    private Timer? _timer;
    private CancellationTokenRegistration _registration;
    private volatile bool _cancelRequested;
    private volatile bool _interrupted;
    private int _state;

    /// <summary>When the call under way is to be given up (Stopwatch ticks), so that a timer that fired for an earlier call does nothing.</summary>
    private long _giveUpAt;

    public ContextWatchdog(ContextSocket? socket) => _socket = socket;

    /// <summary>Whether a call on this context can be cut short (false when its socket could not be told apart).</summary>
    public bool CanInterrupt => _socket is not null;

    /// <summary>Whether a call was cut short: the context is then unusable and must be released.</summary>
    public bool HasInterrupted => _interrupted;

    /// <summary>Watches the call about to be made, for at most <paramref name="limit"/> (none: as long as it takes) and for <paramref name="cancel"/>.</summary>
    public void Enter(TimeSpan? limit, CancellationToken cancel)
    {
        if (_socket is null || (limit is null && !cancel.CanBeCanceled))
        {
            return;
        }
        var timer = _timer ??= new Timer(static watchdog => ((ContextWatchdog)watchdog!).Interrupt(), this, Timeout.Infinite, Timeout.Infinite);
        _cancelRequested = false;
        Volatile.Write(ref _giveUpAt, limit is { } due ? Stopwatch.GetTimestamp() + (long)(due.TotalSeconds * Stopwatch.Frequency) : long.MaxValue);
        Volatile.Write(ref _state, Calling);
        if (limit is { } dueTime)
        {
            timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
        if (cancel.CanBeCanceled)
        {
            _registration = cancel.UnsafeRegister(static watchdog => ((ContextWatchdog)watchdog!).CancelSoon(), this);
        }
    }

    /// <summary>
    /// Ends the watch of a call that has returned. When the watchdog cut it short, throws what its caller expects: a
    /// <see cref="PcscException"/> with <paramref name="timedOutCode"/> and <paramref name="timedOutFormat"/> (given the
    /// limit in seconds), or an <see cref="OperationCanceledException"/>.
    /// </summary>
    public void Exit(string operation, string? target, TimeSpan? limit, CancellationToken cancel, PcscError timedOutCode, string timedOutFormat)
    {
        if (Volatile.Read(ref _state) == Idle)
        {
            return;
        }
        _registration.Dispose();
        _timer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        switch (Interlocked.Exchange(ref _state, Idle))
        {
            case TimedOut:
                throw new PcscException(timedOutCode, operation, target,
                    string.Format(CultureInfo.InvariantCulture, timedOutFormat, limit!.Value.TotalSeconds) + " The connection to pcscd was closed.");
            case Cancelled:
                throw new OperationCanceledException($"{operation} was given up on; the connection to pcscd was closed.", cancel);
        }
    }

    private void CancelSoon()
    {
        _cancelRequested = true;
        var giveUpAt = Stopwatch.GetTimestamp() + (long)(CancelGrace.TotalSeconds * Stopwatch.Frequency);
        if (giveUpAt < Volatile.Read(ref _giveUpAt))
        {
            Volatile.Write(ref _giveUpAt, giveUpAt);
            _timer!.Change(CancelGrace, Timeout.InfiniteTimeSpan);
        }
    }

    private void Interrupt()
    {
        var giveUpAt = Volatile.Read(ref _giveUpAt);
        if (giveUpAt == long.MaxValue)
        {
            return;
        }
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), giveUpAt);
        if (left > TimeSpan.Zero)
        {
            // Fired for an earlier call, or a little early: this call's own time is waited for.
            if (Volatile.Read(ref _state) == Calling)
            {
                _timer!.Change(left, Timeout.InfiniteTimeSpan);
            }
            return;
        }
        if (Interlocked.CompareExchange(ref _state, _cancelRequested ? Cancelled : TimedOut, Calling) == Calling)
        {
            _interrupted = true;
            _socket!.Shutdown();
        }
    }
}
