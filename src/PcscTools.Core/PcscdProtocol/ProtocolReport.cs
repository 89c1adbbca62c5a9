using PcscTools.Access;
using PcscTools.Sandboxes;
using PcscTools.Errors;

namespace PcscTools.PcscdProtocol;

/// <summary>Whether a client library and pcscd can talk, why not, and what to do about it.</summary>
public sealed record ProtocolReport
{
    public required string SocketPath { get; init; }

    /// <summary>Whether pcscd answered the version probe.</summary>
    public bool DaemonReachable { get; init; }

    /// <summary>The protocol pcscd speaks (e.g. 4.4), when it answered.</summary>
    public Version? DaemonProtocol { get; init; }

    /// <summary>The protocol the client library announced (e.g. 4.3), when it was observed.</summary>
    public Version? ClientProtocol { get; init; }

    /// <summary>The pcsc-lite releases the daemon's answer fits, e.g. "1.8.26 to 2.2.3".</summary>
    public string? DaemonPcscLite { get; init; }

    /// <summary>The pcsc-lite releases the client library's behaviour fits, e.g. "1.8.9 to 1.8.23".</summary>
    public string? ClientPcscLite { get; init; }

    public required string ClientLibrary { get; init; }

    /// <summary>Whether the client library retries with the daemon's minor after a rejection (pcsc-lite 2.4.1+).</summary>
    public bool? ClientFallsBack { get; init; }

    /// <summary>Whether pcscd ends up accepting the client library.</summary>
    public bool Compatible { get; init; }

    /// <summary>The rv pcscd answered the client's version with (after a fallback, the retry's).</summary>
    public PcscError? DaemonVerdict { get; init; }

    public SandboxKind Sandbox { get; init; }

    /// <summary>The flatpak app ID, snap name or container manager, when known.</summary>
    public string? SandboxName { get; init; }

    public ProtocolStatus Status { get; init; }

    public required string Message { get; init; }

    /// <summary>What to do; empty when nothing needs doing.</summary>
    public required string Remedy { get; init; }

    /// <summary>Whether this process may use pcscd and its readers (polkit), when Test-PcscProtocol looked.</summary>
    public AccessReport? Access { get; init; }

    public override string ToString() => Status == ProtocolStatus.Ok ? Message : $"{Message} {Remedy}";
}
