using PcscTools.Cards;
using PcscTools.Errors;
using PcscTools.Interop;
using PcscTools.Readers;

namespace PcscTools.Contexts;

/// <summary>A connection to the PC/SC service (SCARDCONTEXT): lists readers, waits for changes, connects to cards.</summary>
public sealed class PcscContext : IDisposable
{
    private readonly ContextHandle _handle;

    private PcscContext(IPcscApi api, ContextHandle handle, ContextSocket? socket)
    {
        Api = api;
        _handle = handle;
        Watchdog = new ContextWatchdog(socket);
    }

    public IPcscApi Api { get; }

    /// <summary>Bounds the calls on this context that pcscd may hold without end (SCardConnect, SCardTransmit).</summary>
    internal ContextWatchdog Watchdog { get; }

    public static PcscContext Establish(ContextScope scope = ContextScope.System, IPcscApi? api = null)
    {
        api ??= PcscLibrary.Current;
        PcscException.ThrowIfFailed(ContextSocket.Establish(api, scope, out var context, out var socket), "SCardEstablishContext");
        return new PcscContext(api, new ContextHandle(api, context), socket);
    }

    /// <summary>Whether the service still knows this context (false once pcscd restarted).</summary>
    public bool IsValid
    {
        get
        {
            if (_handle.IsClosed)
            {
                return false;
            }
            using var lease = new HandleLease(_handle, "SCardIsValidContext");
            // pcsc-lite answers SCardIsValidContext from the client's own table, so a restarted pcscd goes unnoticed there:
            // a listing is a round trip that the service must answer.
            return Api.IsValidContext(lease.Value) == PcscError.Success && Api.ListReaders(lease.Value, out _) == PcscError.Success;
        }
    }

    public string[] ListReaders()
    {
        using var lease = new HandleLease(_handle, "SCardListReaders");
        PcscException.ThrowIfFailed(Api.ListReaders(lease.Value, out var readers), "SCardListReaders");
        return readers;
    }

    /// <summary>The readers with their present state. A reader that vanishes while being asked is left out.</summary>
    public IReadOnlyList<PcscReader> GetReaders()
    {
        var names = ListReaders();
        if (names.Length == 0)
        {
            return Array.Empty<PcscReader>();
        }
        var requests = names.Select(name => new ReaderStateRequest(name)).ToArray();
        using (var lease = new HandleLease(_handle, "SCardGetStatusChange"))
        {
            var rv = Api.GetStatusChange(lease.Value, TimeSpan.Zero, requests);
            if (rv == PcscError.UnknownReader)
            {
                return GetReaders();
            }
            if (rv != PcscError.Timeout)
            {
                PcscException.ThrowIfFailed(rv, "SCardGetStatusChange");
            }
        }
        return requests.Select(r => new PcscReader(r.ReaderName, r.EventState, r.Atr)).ToArray();
    }

    /// <summary>
    /// Blocks until one of the readers differs from its <see cref="ReaderStateRequest.CurrentState"/>.
    /// Returns false when the timeout passed first; throws <see cref="OperationCanceledException"/> after <see cref="Cancel"/>.
    /// </summary>
    public bool WaitForChange(IReadOnlyList<ReaderStateRequest> readers, TimeSpan? timeout)
    {
        using var lease = new HandleLease(_handle, "SCardGetStatusChange");
        var rv = Api.GetStatusChange(lease.Value, timeout, readers);
        switch (rv)
        {
            case PcscError.Success:
                return true;
            case PcscError.Timeout:
                return false;
            case PcscError.Cancelled:
                throw new OperationCanceledException("The wait for a reader change was cancelled.");
            default:
                throw new PcscException(rv, "SCardGetStatusChange");
        }
    }

    /// <summary>Ends a <see cref="WaitForChange"/> blocked on another thread. Never throws.</summary>
    public void Cancel()
    {
        if (_handle.IsClosed)
        {
            return;
        }
        try
        {
            using var lease = new HandleLease(_handle, "SCardCancel");
            Api.Cancel(lease.Value);
        }
        catch (PcscException)
        {
            // Closed between the check and the call: there is nothing left to cancel.
        }
    }

    /// <summary>
    /// Connects to the card in <paramref name="reader"/>. pcscd holds a connect back while another program's transaction
    /// lasts: after <paramref name="limit"/>, or soon after <paramref name="cancel"/>, the wait is given up, and this
    /// context with it (SharingViolation, or OperationCanceledException).
    /// </summary>
    public CardConnection Connect(string reader, ShareMode shareMode = ShareMode.Shared, CardProtocols protocols = CardProtocols.Any,
        TimeSpan? limit = null, CancellationToken cancel = default)
    {
        using var lease = new HandleLease(_handle, "SCardConnect");
        Watchdog.Enter(limit, cancel);
        var rv = Api.Connect(lease.Value, reader, shareMode, protocols, out var card, out var active);
        Watchdog.Exit("SCardConnect", reader, limit, cancel, PcscError.SharingViolation, ContextWatchdog.HeldByTransaction);
        PcscException.ThrowIfFailed(rv, "SCardConnect", reader);
        return new CardConnection(Api, new CardHandle(Api, card), reader, shareMode, active, Watchdog);
    }

    public void Dispose() => _handle.Dispose();
}
