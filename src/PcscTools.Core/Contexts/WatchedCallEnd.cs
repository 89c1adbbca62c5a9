namespace PcscTools.Contexts;

/// <summary>How a call watched by a <see cref="ContextWatchdog"/> ended.</summary>
internal enum WatchedCallEnd
{
    /// <summary>By itself; its return code says how it went.</summary>
    Returned,

    /// <summary>Cut short at its time limit; the context is closed.</summary>
    TimedOut,

    /// <summary>Cut short after its cancellation; the context is closed.</summary>
    Cancelled,
}
