using PcscTools.Sandboxes;

namespace PcscTools.PcscdProtocol;

/// <summary>The facts a diagnosis gathered, before they are explained.</summary>
/// <param name="SocketFromEnvironment">Whether the socket path came from PCSCLITE_CSOCK_NAME.</param>
public sealed record ProtocolFindings(ClientObservation Client, DaemonProbeResult Daemon, Sandbox Sandbox, bool SocketFromEnvironment);
