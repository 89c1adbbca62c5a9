using PcscTools.Errors;

namespace PcscTools.PcscdProtocol;

/// <summary>
/// pcscd releases that answer CMD_VERSION alike: the protocol they announce, which client versions they
/// accept, and the code they reject the others with.
/// </summary>
public sealed record DaemonRelease(PcscLiteRange Releases, Version Protocol, Func<Version, bool> Accepts, PcscError RejectCode, string Rule)
{
    /// <summary>The rv this daemon puts into its CMD_VERSION answer to a client announcing <paramref name="client"/>.</summary>
    public PcscError Verdict(Version client) => Accepts(client) ? PcscError.Success : RejectCode;
}
