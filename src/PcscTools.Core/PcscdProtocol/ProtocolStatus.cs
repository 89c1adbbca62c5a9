namespace PcscTools.PcscdProtocol;

/// <summary>The verdict of a protocol diagnosis: Ok, or what stands between the client library and pcscd.</summary>
public enum ProtocolStatus
{
    Ok,
    /// <summary>pcscd answered and rejected the client library's protocol version.</summary>
    ProtocolMismatch,
    /// <summary>The socket file exists but nobody listens on it.</summary>
    DaemonNotRunning,
    SocketMissing,
    NotASocket,
    PermissionDenied,
    /// <summary>Connected, but pcscd did not answer (within the timeout, or closed the connection).</summary>
    NoAnswer,
    /// <summary>Something answered that is not pcscd's CMD_VERSION reply.</summary>
    BadAnswer,
    /// <summary>The client library never sent a version to the probe socket, so its protocol is unknown.</summary>
    ClientNotObserved,
    /// <summary>pcscd refuses this process through polkit (org.debian.pcsc-lite.access_pcsc).</summary>
    AccessDenied,
    /// <summary>pcscd accepts this process but refuses it a reader through polkit (org.debian.pcsc-lite.access_card).</summary>
    ReaderAccessDenied,
}
