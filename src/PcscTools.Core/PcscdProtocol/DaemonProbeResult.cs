using PcscTools.Errors;
using PcscTools.Interop;

namespace PcscTools.PcscdProtocol;

/// <summary>What pcscd's socket said to a CMD_VERSION probe.</summary>
/// <param name="FileKind">What the socket path names.</param>
/// <param name="Protocol">The daemon's own major.minor, when it answered.</param>
/// <param name="Sent">The version the probe announced first (the client's).</param>
/// <param name="FirstVerdict">The daemon's rv for <paramref name="Sent"/>.</param>
/// <param name="RetriedWith">The version a 2.4.1+ client retried with after a rejection, if it did.</param>
/// <param name="FinalVerdict">The rv the client ends up with (the retry's, if any).</param>
/// <param name="Detail">What went wrong, for the failures (errno text, bytes received).</param>
public sealed record DaemonProbeResult(
    DaemonProbeOutcome Outcome,
    string SocketPath,
    UnixFileKind FileKind,
    Version? Protocol = null,
    Version? Sent = null,
    PcscError? FirstVerdict = null,
    Version? RetriedWith = null,
    PcscError? FinalVerdict = null,
    string? Detail = null);
