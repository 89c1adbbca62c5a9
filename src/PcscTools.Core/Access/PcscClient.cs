namespace PcscTools.Access;

/// <summary>A process connected to pcscd's socket: who it is, how many connections (PC/SC contexts) it has, and what it is known to do.</summary>
public sealed record PcscClient
{
    public required int ProcessId { get; init; }

    /// <summary>The process name (/proc/PID/comm).</summary>
    public required string Name { get; init; }

    /// <summary>The command line; empty when it cannot be read.</summary>
    public required string CommandLine { get; init; }

    public required string User { get; init; }

    /// <summary>Its connections to pcscd: one per PC/SC context.</summary>
    public required int Connections { get; init; }

    public required ClientRole Role { get; init; }

    /// <summary>How to make it let go of a card, for a known exclusive holder.</summary>
    public string? Remedy { get; init; }

    /// <summary>The socket it reached pcscd through.</summary>
    public required string SocketPath { get; init; }

    public override string ToString() => $"PID {ProcessId} {Name}" + (CommandLine.Length == 0 ? "" : $" ('{CommandLine}')");
}
