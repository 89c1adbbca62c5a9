using System.Diagnostics;
using System.Globalization;
using PcscTools.Errors;
using PcscTools.Interop;

namespace PcscTools.Contexts;

/// <summary>
/// Bounds the calls on one context that pcscd may hold without end: when such a call outlasts its limit, or its
/// cancellation has waited <see cref="CancelGrace"/> for it, the watchdog shuts the context's socket down
/// (<see cref="ContextSocket"/>), which ends the call and the context with it. The time is kept by the
/// <see cref="GiveUpClock"/>. One call at a time per context, as libpcsclite itself allows.
/// </summary>
internal sealed class ContextWatchdog
{
    /// <summary>How long a cancelled call may still finish by itself, so that a Ctrl+C between two quick commands keeps the context.</summary>
    internal static readonly TimeSpan CancelGrace = TimeSpan.FromMilliseconds(200);

    /// <summary>What a wait for another program's transaction, given up at its limit, says.</summary>
    internal const string HeldByTransaction = "Another program's transaction still held it after {0:0.###} s of waiting.";

    private const int Idle = 0, Calling = 1, TimedOut = 2, Cancelled = 3;

    private readonly ContextSocket? _socket;
    private CancellationTokenRegistration _registration;
    private volatile bool _cancelRequested;
    private volatile bool _interrupted;
    private int _state;
    private long _giveUpAt = long.MaxValue;

    public ContextWatchdog(ContextSocket? socket) => _socket = socket;

    /// <summary>Whether a call on this context can be cut short (false when its socket could not be told apart).</summary>
    public bool CanInterrupt => _socket is not null;

    /// <summary>Whether a call was cut short: the context is then unusable and must be released.</summary>
    public bool HasInterrupted => _interrupted;

    /// <summary>When the call under way is to be given up (Stopwatch ticks; long.MaxValue: not at all).</summary>
    public long GiveUpAt => Volatile.Read(ref _giveUpAt);

    /// <summary>Watches the call about to be made, for at most <paramref name="limit"/> (none: as long as it takes) and for <paramref name="cancel"/>.</summary>
    public void Enter(TimeSpan? limit, CancellationToken cancel)
    {
        if (_socket is null || (limit is null && !cancel.CanBeCanceled))
        {
            return;
        }
        _cancelRequested = false;
        Volatile.Write(ref _giveUpAt, limit is { } due ? After(due) : long.MaxValue);
        Volatile.Write(ref _state, Calling);
        if (limit is not null)
        {
            GiveUpClock.Arm(this, GiveUpAt);
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
        if (GiveUpAt != long.MaxValue)
        {
            GiveUpClock.Disarm(this);
        }
        switch (Interlocked.Exchange(ref _state, Idle))
        {
            case TimedOut:
                throw new PcscException(timedOutCode, operation, target,
                    string.Format(CultureInfo.InvariantCulture, timedOutFormat, limit!.Value.TotalSeconds) + " The connection to pcscd was closed.");
            case Cancelled:
                throw new OperationCanceledException($"{operation} was given up on; the connection to pcscd was closed.", cancel);
        }
    }

    /// <summary>Called by the clock: gives the call up if its time has come (the clock may have looked just before it returned).</summary>
    public void GiveUpIfDue()
    {
        if (Stopwatch.GetTimestamp() < GiveUpAt)
        {
            return;
        }
        if (Interlocked.CompareExchange(ref _state, _cancelRequested ? Cancelled : TimedOut, Calling) == Calling)
        {
            _interrupted = true;
            _socket!.Shutdown();
        }
    }

    private void CancelSoon()
    {
        _cancelRequested = true;
        var giveUpAt = After(CancelGrace);
        if (giveUpAt < GiveUpAt)
        {
            Volatile.Write(ref _giveUpAt, giveUpAt);
            GiveUpClock.Arm(this, giveUpAt);
        }
    }

    private static long After(TimeSpan wait) => Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
}
