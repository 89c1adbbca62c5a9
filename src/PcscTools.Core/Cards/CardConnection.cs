using PcscTools.Bytes;
using PcscTools.Errors;
using PcscTools.Interop;

namespace PcscTools.Cards;

/// <summary>A connection to the card in one reader (SCARDHANDLE).</summary>
public sealed class CardConnection : IDisposable
{
    private readonly IPcscApi _api;
    private readonly CardHandle _handle;

    internal CardConnection(IPcscApi api, CardHandle handle, string reader, ShareMode shareMode, CardProtocols protocol)
    {
        _api = api;
        _handle = handle;
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

    /// <summary>Sends one command and writes the card's answer into <paramref name="response"/>; returns its length.</summary>
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
    {
        using var lease = new HandleLease(_handle, "SCardTransmit");
        PcscException.ThrowIfFailed(_api.Transmit(lease.Value, Protocol, command, response, out var received), "SCardTransmit", Reader);
        return received;
    }

    public CardStatus Status()
    {
        using var lease = new HandleLease(_handle, "SCardStatus");
        PcscException.ThrowIfFailed(_api.Status(lease.Value, out var status), "SCardStatus", Reader);
        return status;
    }

    public HexBytes Atr => new(Status().Atr);

    public void Reconnect(ShareMode shareMode, CardProtocols protocols, CardDisposition initialization)
    {
        using var lease = new HandleLease(_handle, "SCardReconnect");
        PcscException.ThrowIfFailed(_api.Reconnect(lease.Value, shareMode, protocols, initialization, out var active), "SCardReconnect", Reader);
        ShareMode = shareMode;
        Protocol = active;
    }

    public void BeginTransaction()
    {
        using var lease = new HandleLease(_handle, "SCardBeginTransaction");
        PcscException.ThrowIfFailed(_api.BeginTransaction(lease.Value), "SCardBeginTransaction", Reader);
    }

    public void EndTransaction(CardDisposition disposition = CardDisposition.Leave)
    {
        using var lease = new HandleLease(_handle, "SCardEndTransaction");
        PcscException.ThrowIfFailed(_api.EndTransaction(lease.Value, disposition), "SCardEndTransaction", Reader);
    }

    /// <summary>Sends a reader control code; <paramref name="function"/> is the driver's function number, turned into the platform's code here.</summary>
    public byte[] Control(int function, ReadOnlySpan<byte> input, int maxOutput = 1024)
    {
        var output = new byte[maxOutput];
        using var lease = new HandleLease(_handle, "SCardControl");
        PcscException.ThrowIfFailed(_api.Control(lease.Value, _api.ControlCode(function), input, output, out var returned), "SCardControl", Reader);
        return output.AsSpan(0, returned).ToArray();
    }

    /// <summary>pcsc-lite carries at most this many attribute bytes (getset_struct.pbAttr); asking for the length first fails on some attributes.</summary>
    private const int MaxAttributeLength = 264;

    public byte[] GetAttribute(uint attributeId)
    {
        using var lease = new HandleLease(_handle, "SCardGetAttrib");
        var value = new byte[MaxAttributeLength];
        PcscException.ThrowIfFailed(_api.GetAttribute(lease.Value, attributeId, value, out var length), "SCardGetAttrib", Reader);
        return value.AsSpan(0, length).ToArray();
    }

    public void SetAttribute(uint attributeId, ReadOnlySpan<byte> value)
    {
        using var lease = new HandleLease(_handle, "SCardSetAttrib");
        PcscException.ThrowIfFailed(_api.SetAttribute(lease.Value, attributeId, value), "SCardSetAttrib", Reader);
    }

    /// <summary>Disconnects, doing <paramref name="disposition"/> to the card; later calls fail with SCARD_E_INVALID_HANDLE.</summary>
    public void Disconnect(CardDisposition disposition = CardDisposition.Leave)
    {
        _handle.Disposition = disposition;
        _handle.Dispose();
    }

    public void Dispose() => _handle.Dispose();
}
