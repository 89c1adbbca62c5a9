using PcscTools.Bytes;
using PcscTools.Errors;
using PcscTools.GivingUp;
using PcscTools.Interop;

namespace PcscTools.Cards;

/// <summary>A connection to the card in one reader (SCARDHANDLE).</summary>
public sealed unsafe class CardConnection : IDisposable
{
    private readonly IPcscApi _api;
    private readonly CardHandle _handle;
    private readonly CallGuard _guard;

    internal CardConnection(IPcscApi api, CardHandle handle, string reader, ShareMode shareMode, CardProtocols protocol, CallGuard guard)
    {
        _api = api;
        _handle = handle;
        _guard = guard;
        Reader = reader;
        ShareMode = shareMode;
        Protocol = protocol;
    }

    public string Reader { get; }

    public ShareMode ShareMode { get; private set; }

    /// <summary>The protocol the card and reader agreed on (T0, T1, Raw; None for a direct connection without a card).</summary>
    public CardProtocols Protocol { get; private set; }

    public bool IsClosed => _handle.IsClosed;

    /// <summary>The largest response the service accepts.</summary>
    public int MaxResponseLength => _api.MaxResponseLength;

    /// <summary>Whether a transmit or transaction wait that takes too long, or is cancelled, can be cut short (see <see cref="Transmit"/>).</summary>
    public bool CanInterrupt => _guard.CanInterrupt;

    /// <summary>Whether a call was cut short: the connection and its context are then unusable.</summary>
    public bool WasInterrupted => _guard.HasInterrupted;

    /// <summary>
    /// Sends one command and writes the card's answer into <paramref name="response"/>; returns its length. A card that has
    /// not answered within <paramref name="limit"/> (none: as long as it takes), or soon after <paramref name="cancel"/>, is
    /// given up on: Timeout or OperationCanceledException, and this connection is unusable (<see cref="WasInterrupted"/>).
    /// </summary>
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response, TimeSpan? limit = null, CancellationToken cancel = default)
    {
        using var lease = new HandleLease(_handle, "SCardTransmit");
        fixed (byte* send = command)
        fixed (byte* receive = response)
        {
            var transmit = new TransmitCall(lease.Value, Protocol, send, command.Length, receive, response.Length);
            ThrowIfFailed(_guard.Run(new GuardedCall("SCardTransmit", Reader, limit, cancel), ref transmit, TransmitNative), "SCardTransmit");
            return transmit.Received;
        }
    }

    private static readonly PcscCall<TransmitCall> TransmitNative = static (IPcscApi api, ref TransmitCall call) =>
        api.Transmit(call.Card, (uint)call.Protocol, new ReadOnlySpan<byte>(call.Command, call.CommandLength), new Span<byte>(call.Response, call.ResponseLength), out call.Received);

    /// <summary>A transmit's arguments, the buffers pinned by the caller for the length of the call.</summary>
    private struct TransmitCall(nint card, CardProtocols protocol, byte* command, int commandLength, byte* response, int responseLength)
    {
        public readonly nint Card = card;
        public readonly CardProtocols Protocol = protocol;
        public readonly byte* Command = command;
        public readonly int CommandLength = commandLength;
        public readonly byte* Response = response;
        public readonly int ResponseLength = responseLength;
        public int Received;
    }

    public CardStatus Status()
    {
        using var lease = new HandleLease(_handle, "SCardStatus");
        ThrowIfFailed(_api.Status(lease.Value, out var status), "SCardStatus");
        return new CardStatus(status.ReaderName, (CardState)(status.State & 0xFFFF), (CardProtocols)status.Protocol, status.Atr);
    }

    public HexBytes Atr => new(Status().Atr);

    public void Reconnect(ShareMode shareMode, CardProtocols protocols, CardDisposition initialization)
    {
        using var lease = new HandleLease(_handle, "SCardReconnect");
        ThrowIfFailed(_api.Reconnect(lease.Value, (uint)shareMode, (uint)protocols, (uint)initialization, out var active), "SCardReconnect");
        ShareMode = shareMode;
        Protocol = (CardProtocols)active;
    }

    /// <summary>
    /// Starts a transaction. libpcsclite waits for another program's transaction to end without a time limit: after
    /// <paramref name="limit"/>, or soon after <paramref name="cancel"/>, the wait is given up, and this connection with it.
    /// </summary>
    public void BeginTransaction(TimeSpan? limit = null, CancellationToken cancel = default)
    {
        using var lease = new HandleLease(_handle, "SCardBeginTransaction");
        var card = lease.Value;
        var rv = _guard.Run(new GuardedCall("SCardBeginTransaction", Reader, limit, cancel, PcscError.SharingViolation, GuardedCall.HeldByTransaction), ref card,
            static (IPcscApi api, ref nint handle) => api.BeginTransaction(handle));
        ThrowIfFailed(rv, "SCardBeginTransaction");
    }

    public void EndTransaction(CardDisposition disposition = CardDisposition.Leave)
    {
        using var lease = new HandleLease(_handle, "SCardEndTransaction");
        ThrowIfFailed(_api.EndTransaction(lease.Value, (uint)disposition), "SCardEndTransaction");
    }

    /// <summary>Sends a reader control code; <paramref name="function"/> is the driver's function number, turned into the platform's code here.</summary>
    public byte[] Control(int function, ReadOnlySpan<byte> input, int maxOutput = 1024)
    {
        var output = new byte[maxOutput];
        using var lease = new HandleLease(_handle, "SCardControl");
        ThrowIfFailed(_api.Control(lease.Value, _api.ControlCode(function), input, output, out var returned), "SCardControl");
        return output.AsSpan(0, returned).ToArray();
    }

    /// <summary>pcsc-lite carries at most this many attribute bytes (getset_struct.pbAttr); asking for the length first fails on some attributes.</summary>
    private const int MaxAttributeLength = 264;

    public byte[] GetAttribute(uint attributeId)
    {
        using var lease = new HandleLease(_handle, "SCardGetAttrib");
        var value = new byte[MaxAttributeLength];
        ThrowIfFailed(_api.GetAttribute(lease.Value, attributeId, value, out var length), "SCardGetAttrib");
        return value.AsSpan(0, length).ToArray();
    }

    public void SetAttribute(uint attributeId, ReadOnlySpan<byte> value)
    {
        using var lease = new HandleLease(_handle, "SCardSetAttrib");
        ThrowIfFailed(_api.SetAttribute(lease.Value, attributeId, value), "SCardSetAttrib");
    }

    /// <summary>Disconnects, doing <paramref name="disposition"/> to the card; later calls fail with SCARD_E_INVALID_HANDLE.</summary>
    public void Disconnect(CardDisposition disposition = CardDisposition.Leave)
    {
        _handle.Disposition = (uint)disposition;
        _handle.Dispose();
    }

    public void Dispose() => _handle.Dispose();

    private void ThrowIfFailed(PcscError rv, string operation)
    {
        if (rv != PcscError.Success && PcscErrorMeaning.Of(rv, operation) == PcscFailureKind.ReaderGone)
        {
            throw new PcscException(PcscError.ReaderUnavailable, operation, Reader,
                $"pcscd no longer knows this connection's reader (it answered {PcscErrorDescription.Symbol(rv)}): it was unplugged or removed.");
        }
        PcscException.ThrowIfFailed(rv, operation, Reader);
    }
}
