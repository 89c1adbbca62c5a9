namespace PcscTools.Monitoring;

/// <summary>What a <see cref="CardMonitor"/> watches and how long.</summary>
public sealed record CardMonitorOptions
{
    /// <summary>Which readers to watch, by name; null watches every reader, including readers plugged in later.</summary>
    public Func<string, bool>? ReaderFilter { get; init; }

    /// <summary>First report the present state of each watched reader, as pcsc_scan does at start.</summary>
    public bool IncludeCurrent { get; init; }

    /// <summary>When pcscd goes away, report <see cref="CardEventKind.ServiceLost"/>, wait for it, and resume, instead of failing.</summary>
    public bool Reconnect { get; init; }

    /// <summary>How long to watch in all; null is until cancelled.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How often to try to reach pcscd again while it is gone; only used with <see cref="Reconnect"/>.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
