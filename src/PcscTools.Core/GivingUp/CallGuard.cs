using System.Diagnostics;
using System.Globalization;
using PcscTools.Errors;
using PcscTools.Interop;

namespace PcscTools.GivingUp;

/// <summary>
/// Giving up on PC/SC calls, for one context: <see cref="Run"/> makes a call under a limit and a cancellation token. When
/// the call outlasts its limit, or its cancellation has waited <see cref="CancelGrace"/> for it, the guard shuts the
/// context's socket down (<see cref="ContextSocket"/>), which ends the call and the context with it. The time is kept by
/// the <see cref="GiveUpClock"/>. A call with neither limit nor token costs nothing more than the call. One call at a time
/// per context, as libpcsclite itself allows.
/// </summary>
internal sealed class CallGuard
{
    /// <summary>How long a cancelled call may still finish by itself, so that a Ctrl+C between two quick commands keeps the context.</summary>
    internal static readonly TimeSpan CancelGrace = TimeSpan.FromMilliseconds(200);

    private const int Idle = 0, Calling = 1, TimedOut = 2, Cancelled = 3;

    private readonly IPcscApi _api;
    private readonly ContextSocket? _socket;
    private readonly Action? _askToCancel;
    private CancellationTokenRegistration _registration;
    private volatile bool _cancelRequested;
    private volatile bool _askFirst;
    private volatile bool _interrupted;
    private int _state;
    private long _giveUpAt = long.MaxValue;

    /// <param name="askToCancel">Asks libpcsclite to end the context's wait (SCardCancel), for calls made with <see cref="GuardedCall.AskFirst"/>.</param>
    public CallGuard(IPcscApi api, ContextSocket? socket, Action? askToCancel = null)
    {
        _api = api;
        _socket = socket;
        _askToCancel = askToCancel;
    }

    /// <summary>
    /// Makes <paramref name="native"/> as <paramref name="call"/> says. When the guard gave it up, throws what its caller
    /// expects: a <see cref="PcscException"/> with the call's timed-out code and message, or an <see cref="OperationCanceledException"/>;
    /// otherwise returns the call's own code.
    /// </summary>
    public PcscError Run<TState>(in GuardedCall call, ref TState state, PcscCall<TState> native) where TState : struct
    {
        var watched = Enter(call.Limit, call.Cancel, call.AskFirst);
        var rv = native(_api, ref state);
        if (watched)
        {
            Exit(call);
        }
        return rv;
    }

    /// <summary>Whether a call on this context can be cut short (false when its socket could not be told apart).</summary>
    public bool CanInterrupt => _socket is not null;

    /// <summary>Whether a call was cut short: the context is then unusable and must be released.</summary>
    public bool HasInterrupted => _interrupted;

    /// <summary>When the call under way is to be given up (Stopwatch ticks; long.MaxValue: not at all).</summary>
    public long GiveUpAt => Volatile.Read(ref _giveUpAt);

    /// <summary>Watches the call about to be made, for at most <paramref name="limit"/> (none: as long as it takes) and for <paramref name="cancel"/>; false when there is nothing to watch.</summary>
    private bool Enter(TimeSpan? limit, CancellationToken cancel, bool askFirst)
    {
        if (limit is null && !cancel.CanBeCanceled || _socket is null && !(askFirst && cancel.CanBeCanceled))
        {
            return false;
        }
        _cancelRequested = false;
        _askFirst = askFirst;
        Volatile.Write(ref _giveUpAt, limit is { } due && _socket is not null ? After(due) : long.MaxValue);
        Volatile.Write(ref _state, Calling);
        if (GiveUpAt != long.MaxValue)
        {
            GiveUpClock.Arm(this, GiveUpAt);
        }
        if (cancel.CanBeCanceled)
        {
            _registration = cancel.UnsafeRegister(static guard => ((CallGuard)guard!).CancelSoon(), this);
        }
        return true;
    }

    /// <summary>Ends the watch of a call that has returned, throwing what its caller expects when the guard cut it short.</summary>
    private void Exit(in GuardedCall call)
    {
        _registration.Dispose();
        if (GiveUpAt != long.MaxValue)
        {
            GiveUpClock.Disarm(this);
        }
        switch (Interlocked.Exchange(ref _state, Idle))
        {
            case TimedOut:
                throw new PcscException(call.TimedOutCode, call.Operation, call.Target,
                    string.Format(CultureInfo.InvariantCulture, call.TimedOutFormat, call.Limit!.Value.TotalSeconds) + " The connection to pcscd was closed.");
            case Cancelled:
                throw new OperationCanceledException($"{call.Operation} was given up on; the connection to pcscd was closed.", call.Cancel);
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
        if (_askFirst)
        {
            _askToCancel?.Invoke();
        }
        if (_socket is null)
        {
            return;
        }
        var giveUpAt = After(CancelGrace);
        if (giveUpAt < GiveUpAt)
        {
            Volatile.Write(ref _giveUpAt, giveUpAt);
            GiveUpClock.Arm(this, giveUpAt);
        }
    }

    private static long After(TimeSpan wait) => Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
}
