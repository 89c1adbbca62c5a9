namespace PcscTools.Access;

/// <summary>What polkit answers for one action and process.</summary>
public enum PolkitVerdict
{
    /// <summary>polkit could not be asked, or its answer could not be read; <see cref="PolkitAnswer.Detail"/> says why.</summary>
    Unknown,
    Allowed,
    Denied,
    /// <summary>Allowed only after authentication, which pcscd never asks for: pcscd refuses.</summary>
    NeedsAuthentication,
}
