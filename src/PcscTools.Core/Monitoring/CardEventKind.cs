namespace PcscTools.Monitoring;

/// <summary>What happened in a reader, or to the PC/SC service itself.</summary>
public enum CardEventKind
{
    CardInserted,
    CardRemoved,
    ReaderAdded,
    ReaderRemoved,

    /// <summary>The card became (or stopped being) exclusively held, in use, or mute.</summary>
    StateChanged,

    /// <summary>pcscd stopped answering; a reconnecting monitor waits for it to return.</summary>
    ServiceLost,

    /// <summary>pcscd answers again; the events that follow describe what changed while it was away.</summary>
    ServiceRestored,
}
