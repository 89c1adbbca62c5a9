namespace PcscTools.Interop;

/// <summary>
/// One entry of an SCardGetStatusChange call: the caller states what it knows (<see cref="CurrentState"/>),
/// the service answers with what is (<see cref="EventState"/> and <see cref="Atr"/>).
/// </summary>
public sealed class ReaderStateRequest
{
    /// <summary>The name pcsc-lite uses for "tell me when readers come or go".</summary>
    public const string PlugAndPlayName = @"\\?PnP?\Notification";

    /// <summary>pcsc-lite refuses a wait on more entries than this (PCSCLITE_MAX_READERS_CONTEXTS), and pcscd serves no more readers.</summary>
    public const int MaxPerWait = 16;

    /// <summary>pcsc-lite's SCARD_STATE_CHANGED bit of an event state.</summary>
    public const uint ChangedFlag = 0x0002;

    public ReaderStateRequest(string readerName, uint currentState = 0)
    {
        ReaderName = readerName;
        CurrentState = currentState;
    }

    public string ReaderName { get; }

    /// <summary>The state the caller last saw, event counter included; 0 (unaware) to get the present state at once.</summary>
    public uint CurrentState { get; set; }

    /// <summary>The state the service reported, event counter included.</summary>
    public uint EventState { get; set; }

    public byte[] Atr { get; set; } = Array.Empty<byte>();

    public bool IsChanged => (EventState & ChangedFlag) != 0;

    /// <summary>Make the reported state the known one, ready for the next wait.</summary>
    public void Acknowledge() => CurrentState = EventState & ~ChangedFlag;
}
