using PcscTools.Cards;
using PcscTools.Errors;
using PcscTools.GivingUp;
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
        Guard = new CallGuard(api, socket, Cancel);
    }

    public IPcscApi Api { get; }

    /// <summary>Gives up the calls on this context that pcscd may hold without end (connect, transmit, transaction start, status-change wait).</summary>
    internal CallGuard Guard { get; }

    public static PcscContext Establish(ContextScope scope = ContextScope.System, IPcscApi? api = null)
    {
        api ??= PcscLibrary.Current;
        PcscException.ThrowIfFailed(ContextSocket.Establish(api, (uint)scope, out var context, out var socket), "SCardEstablishContext");
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
    /// Blocks until one of the readers differs from its <see cref="ReaderStateRequest.CurrentState"/>. Returns false when the
    /// timeout passed first; throws <see cref="OperationCanceledException"/> after <see cref="Cancel"/> or soon after
    /// <paramref name="cancel"/> (which, should the wait not end when asked, gives it up and this context with it).
    /// </summary>
    public bool WaitForChange(IReadOnlyList<ReaderStateRequest> readers, TimeSpan? timeout, CancellationToken cancel = default)
    {
        using var lease = new HandleLease(_handle, "SCardGetStatusChange");
        var wait = new StatusChangeCall(lease.Value, timeout, readers);
        var rv = Guard.Run(new GuardedCall("SCardGetStatusChange", null, null, cancel, AskFirst: true), ref wait,
            static (IPcscApi api, ref StatusChangeCall call) => api.GetStatusChange(call.Context, call.Timeout, call.Readers));
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
        var connect = new ConnectCall(lease.Value, reader, shareMode, protocols);
        var rv = Guard.Run(new GuardedCall("SCardConnect", reader, limit, cancel, PcscError.SharingViolation, GuardedCall.HeldByTransaction), ref connect,
            static (IPcscApi api, ref ConnectCall call) => api.Connect(call.Context, call.Reader, (uint)call.ShareMode, (uint)call.Preferred, out call.Card, out call.Active));
        PcscException.ThrowIfFailed(rv, "SCardConnect", reader);
        return new CardConnection(Api, new CardHandle(Api, connect.Card), reader, shareMode, (CardProtocols)connect.Active, Guard);
    }

    private struct ConnectCall(nint context, string reader, ShareMode shareMode, CardProtocols preferred)
    {
        public readonly nint Context = context;
        public readonly string Reader = reader;
        public readonly ShareMode ShareMode = shareMode;
        public readonly CardProtocols Preferred = preferred;
        public nint Card;
        public uint Active;
    }

    private readonly struct StatusChangeCall(nint context, TimeSpan? timeout, IReadOnlyList<ReaderStateRequest> readers)
    {
        public readonly nint Context = context;
        public readonly TimeSpan? Timeout = timeout;
        public readonly IReadOnlyList<ReaderStateRequest> Readers = readers;
    }

    public void Dispose() => _handle.Dispose();
}
