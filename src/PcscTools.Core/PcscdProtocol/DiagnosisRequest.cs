using PcscTools.Interop;
using PcscTools.Sandboxes;
using PcscTools.Errors;

namespace PcscTools.PcscdProtocol;

/// <summary>What to diagnose: which socket, which client library, how long to wait.</summary>
public sealed record DiagnosisRequest
{
    /// <summary>pcscd's socket; null: the one libpcsclite would use (<see cref="NativeEnvironment.SocketPathInUse"/>).</summary>
    public string? SocketPath { get; init; }

    /// <summary>The libpcsclite file to observe; null: the one this process uses.</summary>
    public string? ClientLibrary { get; init; }

    /// <summary>The bound on connecting to pcscd and on each of its answers.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The bound on observing the client library, a local exchange that only a broken library makes slow.</summary>
    public TimeSpan ClientTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The sandbox to advise for; null: detect it.</summary>
    public Sandbox? Sandbox { get; init; }

    /// <summary>How the client connects to the probe socket; null: <see cref="InProcessClient"/> for <see cref="ClientLibrary"/>.</summary>
    public Func<string, PcscError?>? Client { get; init; }
}
