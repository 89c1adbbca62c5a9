using PcscTools.Bytes;
using PcscTools.Readers;

namespace PcscTools.Tracing;

/// <summary>One SCARD_READERSTATE of a traced SCardGetStatusChange, as the program passed it in or got it back.</summary>
public sealed class TracedReaderState
{
    public TracedReaderState(string? reader, ReaderStates? currentState, ReaderStates? eventState, ulong? atrLength, HexBytes? atr)
    {
        Reader = reader;
        CurrentState = currentState;
        EventState = eventState;
        AtrLength = atrLength;
        Atr = atr;
    }

    public string? Reader { get; }

    public ReaderStates? CurrentState { get; }

    /// <summary>The state pcscd reported; on the way in, whatever the program left in the field.</summary>
    public ReaderStates? EventState { get; }

    public ulong? AtrLength { get; }

    public HexBytes? Atr { get; }

    public override string ToString() => $"'{Reader}' {CurrentState} -> {EventState}{(Atr is { Length: > 0 } ? $" ATR {Atr}" : "")}";
}
