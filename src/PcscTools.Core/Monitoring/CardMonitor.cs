using PcscTools.Contexts;
using PcscTools.Errors;
using PcscTools.Interop;
using PcscTools.Readers;

namespace PcscTools.Monitoring;

/// <summary>
/// Watches readers and cards through SCardGetStatusChange and reports each change as a <see cref="CardEvent"/>.
/// Event-driven: between changes it sits in one blocking wait (no timeout unless asked), so an idle watch costs
/// pcscd nothing. Readers coming and going are followed through the <c>\\?PnP?\Notification</c> entry.
/// The events are read on the caller's thread; a <see cref="CancellationToken"/> ends the wait at once (the status-change
/// wait is a guarded call: SCardCancel, and the context given up should the wait not end when asked).
/// </summary>
public sealed class CardMonitor : IDisposable
{
    private readonly IPcscApi? _api;
    private readonly CardMonitorOptions _options;
    private PcscContext? _context;
    private string[] _listed = [];
    private bool _started;

    private CardMonitor(IPcscApi? api, CardMonitorOptions options, PcscContext context)
    {
        _api = api;
        _options = options;
        _context = context;
    }

    /// <summary>Connects to pcscd; throws <see cref="PcscException"/> when it cannot be reached.</summary>
    public static CardMonitor Start(CardMonitorOptions? options = null, IPcscApi? api = null) =>
        new(api, options ?? new CardMonitorOptions(), PcscContext.Establish(api: api));

    /// <summary>Whether a failure means pcscd itself is gone (stopped, crashed, restarted), not that one call failed nor that it refused us.</summary>
    public static bool IsServiceLoss(PcscException failure) => PcscErrorMeaning.Of(failure) == PcscFailureKind.ServiceLost;

    /// <summary>
    /// The events, as they happen, until the timeout passes or <paramref name="token"/> is cancelled (both end it quietly).
    /// Throws <see cref="PcscException"/> when pcscd is lost and <see cref="CardMonitorOptions.Reconnect"/> is off, or when
    /// pcscd refuses this client (an access refusal is never waited out).
    /// Can be enumerated once.
    /// </summary>
    public IEnumerable<CardEvent> Events(CancellationToken token = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("A card monitor's events can be read only once.");
        }
        _started = true;
        return Run(token);
    }

    private IEnumerable<CardEvent> Run(CancellationToken token)
    {
        var deadline = _options.Timeout is { } timeout ? DateTime.UtcNow + timeout : (DateTime?)null;
        try
        {
            var known = Snapshot();
            var seen = DateTimeOffset.Now;
            if (_options.IncludeCurrent)
            {
                foreach (var reader in known)
                {
                    yield return ReaderChanges.Initial(reader, seen);
                }
            }
            var plugAndPlay = new ReaderStateRequest(ReaderStateRequest.PlugAndPlayName);
            while (!token.IsCancellationRequested)
            {
                var remaining = deadline - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero)
                {
                    yield break;
                }
                var watched = known.Select(r => new ReaderStateRequest(r.Name, ReaderStateWord.Join(r.State, r.EventCount)));
                // With pcscd's maximum of readers watched, none can be added, and a 17th entry would be refused.
                var requests = (known.Count < ReaderStateRequest.MaxPerWait ? watched.Append(plugAndPlay) : watched).ToArray();
                var outcome = Wait(requests, remaining, token, out var lost);
                if (outcome == WaitOutcome.TimedOut)
                {
                    yield break;
                }
                if (outcome == WaitOutcome.Changed)
                {
                    plugAndPlay.Acknowledge();
                }
                var sameService = true;
                var fresh = outcome == WaitOutcome.Changed ? AsWaitReported(requests, plugAndPlay) : null;
                while (fresh is null && !token.IsCancellationRequested)
                {
                    if (lost is not null)
                    {
                        if (!_options.Reconnect)
                        {
                            throw lost;
                        }
                        yield return new CardEvent(CardEventKind.ServiceLost, null, DateTimeOffset.Now, message: lost.Message);
                        if (!Reestablish(token, deadline))
                        {
                            yield break;
                        }
                        yield return new CardEvent(CardEventKind.ServiceRestored, null, DateTimeOffset.Now);
                        plugAndPlay = new ReaderStateRequest(ReaderStateRequest.PlugAndPlayName);
                        sameService = false;
                    }
                    fresh = TrySnapshot(out lost);
                }
                if (fresh is null)
                {
                    yield break;
                }
                foreach (var change in ReaderChanges.Between(known, fresh, DateTimeOffset.Now, sameService))
                {
                    yield return change;
                }
                known = fresh;
            }
        }
        finally
        {
            Dispose();
        }
    }

    private enum WaitOutcome
    {
        Changed,
        TimedOut,
        Again,
    }

    private WaitOutcome Wait(ReaderStateRequest[] requests, TimeSpan? remaining, CancellationToken token, out PcscException? lost)
    {
        lost = null;
        try
        {
            // pcsc-lite before protocol 4.5 notices new readers only against its count at the start of the wait, so
            // a reader plugged in since the last look (while the caller handled an event) would go unseen until the next change.
            if (!Context.ListReaders().SequenceEqual(_listed))
            {
                return WaitOutcome.Again;
            }
            return Context.WaitForChange(requests, remaining, token) ? WaitOutcome.Changed : WaitOutcome.TimedOut;
        }
        catch (OperationCanceledException)
        {
            // Ours when the token is set; anyone else's cancel just means "look again".
            return WaitOutcome.Again;
        }
        catch (PcscException e) when (e.Code == PcscError.UnknownReader)
        {
            // A reader went away between the listing and the wait: the next snapshot shows it gone.
            return WaitOutcome.Again;
        }
        catch (PcscException e) when (IsServiceLoss(e))
        {
            lost = e;
            return WaitOutcome.Again;
        }
    }

    /// <summary>
    /// The watched readers as the wait that just ended reported them, so that an event costs pcscd no further round trip;
    /// null when readers may have come or gone, which only a new snapshot can tell.
    /// </summary>
    private static IReadOnlyList<PcscReader>? AsWaitReported(ReaderStateRequest[] requests, ReaderStateRequest plugAndPlay)
    {
        if (plugAndPlay.IsChanged)
        {
            return null;
        }
        var readers = new List<PcscReader>(requests.Length);
        foreach (var request in requests)
        {
            if (ReferenceEquals(request, plugAndPlay))
            {
                continue;
            }
            if ((ReaderStateWord.Flags(request.EventState) & (ReaderStates.Unknown | ReaderStates.Unavailable)) != 0)
            {
                return null;
            }
            readers.Add(new PcscReader(request.ReaderName, request.EventState, request.Atr));
        }
        return readers;
    }

    private PcscContext Context => _context ?? throw new ObjectDisposedException(nameof(CardMonitor));

    /// <summary>The watched readers now; null when pcscd is gone (<paramref name="lost"/> says why) or the look was cancelled.</summary>
    private IReadOnlyList<PcscReader>? TrySnapshot(out PcscException? lost)
    {
        lost = null;
        try
        {
            return Snapshot();
        }
        catch (PcscException e) when (IsServiceLoss(e))
        {
            lost = e;
            return null;
        }
        catch (PcscException e) when (e.Code == PcscError.Cancelled)
        {
            return null;
        }
    }

    /// <summary>The watched readers now, in pcscd's order.</summary>
    private IReadOnlyList<PcscReader> Snapshot()
    {
        var readers = Context.GetReaders();
        _listed = readers.Select(r => r.Name).ToArray();
        return _options.ReaderFilter is { } watched ? readers.Where(r => watched(r.Name)).ToArray() : readers;
    }

    /// <summary>Replaces the dead context with a new one once pcscd answers again; false when stopped or out of time first.</summary>
    private bool Reestablish(CancellationToken token, DateTime? deadline)
    {
        var dead = _context;
        _context = null;
        dead?.Dispose();
        while (true)
        {
            var pause = _options.RetryInterval;
            if (deadline is { } end && end - DateTime.UtcNow < pause)
            {
                pause = end - DateTime.UtcNow;
            }
            if (pause <= TimeSpan.Zero || token.WaitHandle.WaitOne(pause))
            {
                return false;
            }
            try
            {
                var context = PcscContext.Establish(api: _api);
                if (context.IsValid)
                {
                    _context = context;
                    return true;
                }
                context.Dispose();
            }
            catch (PcscException e) when (IsServiceLoss(e))
            {
                // Still gone: try again after the pause.
            }
        }
    }

    public void Dispose()
    {
        var context = _context;
        _context = null;
        context?.Dispose();
    }
}
