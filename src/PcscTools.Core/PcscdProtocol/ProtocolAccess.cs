using PcscTools.Access;

namespace PcscTools.PcscdProtocol;

/// <summary>
/// Test-PcscProtocol's access half joined to its protocol half: Access's polkit check run for a probed socket, and its
/// findings written into the report. Here rather than in Access, so that Access knows nothing of the protocol probe.
/// </summary>
public static class ProtocolAccess
{
    /// <summary>The access report for <paramref name="protocol"/>'s socket, asking about <paramref name="readers"/> (null: every reader pcscd lists, when it can).</summary>
    public static AccessReport Run(ProtocolReport protocol, IReadOnlyList<string>? readers, PolkitAuthority? polkit = null) =>
        AccessCheck.Run(protocol.SocketPath, protocol.Sandbox, protocol.DaemonReachable, protocol.Status == ProtocolStatus.NoAnswer, readers, polkit);

    /// <summary><paramref name="protocol"/> with its access findings: AccessDenied or ReaderAccessDenied, with the refusal's message and rules file, when pcscd refuses.</summary>
    public static ProtocolReport Apply(ProtocolReport protocol, AccessReport access) => access.Refusal switch
    {
        null => protocol with { Access = access },
        { Reader: null } refusal => protocol with
        {
            Access = access,
            Status = ProtocolStatus.AccessDenied,
            Compatible = false,
            Message = refusal.Message,
            Remedy = refusal.Remedy,
        },
        var refusal => protocol with
        {
            Access = access,
            Status = ProtocolStatus.ReaderAccessDenied,
            Message = $"{protocol.Message} But {refusal.Message}",
            Remedy = refusal.Remedy,
        },
    };
}
