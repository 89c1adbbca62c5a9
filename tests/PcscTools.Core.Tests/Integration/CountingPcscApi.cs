using PcscTools.Errors;
using PcscTools.Interop;

namespace PcscTools.Tests.Integration;

/// <summary>
/// The real libpcsclite binding, counting the calls made through it, to show what a caller asks of pcscd; and, when told,
/// answering the calls on a card connection itself, as pcscd answers them in a state the virtual stack cannot reach.
/// </summary>
internal sealed class CountingPcscApi(IPcscApi real) : IPcscApi
{
    private int _calls;
    private int _blockingWaits;

    /// <summary>Calls made so far, a blocking SCardGetStatusChange counted when it starts.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Whether a caller is inside an SCardGetStatusChange that waits for a change (not a snapshot's zero timeout).</summary>
    public bool IsBlockedInWait => Volatile.Read(ref _blockingWaits) > 0;

    public string LibraryName => real.LibraryName;

    public int MaxResponseLength => real.MaxResponseLength;

    /// <summary>When set, SCardTransmit, SCardStatus and the transaction calls get this code instead of reaching pcscd.</summary>
    public PcscError? CardCallsAnswer { get; set; }

    private void Called() => Interlocked.Increment(ref _calls);

    public PcscError EstablishContext(uint scope, out nint context)
    {
        Called();
        return real.EstablishContext(scope, out context);
    }

    public PcscError ReleaseContext(nint context)
    {
        Called();
        return real.ReleaseContext(context);
    }

    public PcscError IsValidContext(nint context)
    {
        Called();
        return real.IsValidContext(context);
    }

    public PcscError ListReaders(nint context, out string[] readers)
    {
        Called();
        return real.ListReaders(context, out readers);
    }

    public PcscError GetStatusChange(nint context, TimeSpan? timeout, IReadOnlyList<ReaderStateRequest> readers)
    {
        Called();
        if (timeout == TimeSpan.Zero)
        {
            return real.GetStatusChange(context, timeout, readers);
        }
        Interlocked.Increment(ref _blockingWaits);
        try
        {
            return real.GetStatusChange(context, timeout, readers);
        }
        finally
        {
            Interlocked.Decrement(ref _blockingWaits);
        }
    }

    public PcscError Cancel(nint context)
    {
        Called();
        return real.Cancel(context);
    }

    public PcscError Connect(nint context, string reader, uint shareMode, uint preferred, out nint card, out uint active)
    {
        Called();
        return real.Connect(context, reader, shareMode, preferred, out card, out active);
    }

    public PcscError Reconnect(nint card, uint shareMode, uint preferred, uint initialization, out uint active)
    {
        Called();
        return real.Reconnect(card, shareMode, preferred, initialization, out active);
    }

    public PcscError Disconnect(nint card, uint disposition)
    {
        Called();
        return real.Disconnect(card, disposition);
    }

    public PcscError BeginTransaction(nint card)
    {
        Called();
        return CardCallsAnswer ?? real.BeginTransaction(card);
    }

    public PcscError EndTransaction(nint card, uint disposition)
    {
        Called();
        return CardCallsAnswer ?? real.EndTransaction(card, disposition);
    }

    public PcscError Transmit(nint card, uint protocol, ReadOnlySpan<byte> command, Span<byte> response, out int received)
    {
        Called();
        if (CardCallsAnswer is { } answer)
        {
            received = 0;
            return answer;
        }
        return real.Transmit(card, protocol, command, response, out received);
    }

    public PcscError Status(nint card, out CardStatusReply status)
    {
        Called();
        if (CardCallsAnswer is { } answer)
        {
            status = new CardStatusReply("", 0x0001 /* SCARD_UNKNOWN */, 0, []);
            return answer;
        }
        return real.Status(card, out status);
    }

    public PcscError Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int returned)
    {
        Called();
        return real.Control(card, controlCode, input, output, out returned);
    }

    public PcscError GetAttribute(nint card, uint attributeId, Span<byte> value, out int length)
    {
        Called();
        return real.GetAttribute(card, attributeId, value, out length);
    }

    public PcscError SetAttribute(nint card, uint attributeId, ReadOnlySpan<byte> value)
    {
        Called();
        return real.SetAttribute(card, attributeId, value);
    }

    public uint ControlCode(int function) => real.ControlCode(function);
}
