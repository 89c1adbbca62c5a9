namespace PcscTools.PcscdProtocol;

/// <summary>How far a CMD_VERSION probe of pcscd's socket got.</summary>
public enum DaemonProbeOutcome
{
    /// <summary>The daemon answered with its version and verdict.</summary>
    Answered,
    SocketMissing,
    NotASocket,
    PermissionDenied,
    /// <summary>A socket file that nobody listens on (pcscd is not running; the file was left behind).</summary>
    NotListening,
    /// <summary>Connected, but no answer came within the timeout.</summary>
    NoAnswer,
    /// <summary>Connected, but the peer closed the connection without answering (refused, or not pcscd).</summary>
    Closed,
    /// <summary>The peer answered something that is not a version_struct.</summary>
    BadAnswer,
}
