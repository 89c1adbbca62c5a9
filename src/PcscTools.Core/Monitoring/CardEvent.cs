using PcscTools.Bytes;
using PcscTools.Readers;

namespace PcscTools.Monitoring;

/// <summary>One change seen by a <see cref="CardMonitor"/>: a card or reader coming or going, a state change, or the service lost and back.</summary>
public sealed class CardEvent
{
    public CardEvent(CardEventKind kind, PcscReader? reader, DateTimeOffset timeStamp, bool isInitial = false, string? message = null)
    {
        Kind = kind;
        TimeStamp = timeStamp;
        Reader = reader?.Name;
        State = reader?.State ?? ReaderStates.Unaware;
        Atr = reader is not null && kind is CardEventKind.CardInserted or CardEventKind.ReaderAdded or CardEventKind.StateChanged ? reader.Atr : HexBytes.Empty;
        EventNumber = reader?.EventCount ?? 0;
        IsInitial = isInitial;
        Message = message;
    }

    public DateTimeOffset TimeStamp { get; }

    /// <summary>The reader's name; null for <see cref="CardEventKind.ServiceLost"/> and <see cref="CardEventKind.ServiceRestored"/>.</summary>
    public string? Reader { get; }

    public CardEventKind Kind { get; }

    /// <summary>The card's answer to reset when a card is in the reader; empty otherwise.</summary>
    public HexBytes Atr { get; }

    public ReaderStates State { get; }

    /// <summary>pcsc-lite's event number for the reader (the upper 16 bits of its event state), as pcsc_scan prints it.</summary>
    public int EventNumber { get; }

    /// <summary>True for the events that describe the state found at the start (like pcsc_scan's first report), not a change.</summary>
    public bool IsInitial { get; }

    /// <summary>Why the service was lost, for <see cref="CardEventKind.ServiceLost"/>.</summary>
    public string? Message { get; }

    public override string ToString() => Reader is null ? Kind.ToString() : $"{Kind} {Reader}";
}
