namespace PcscTools.GlobalPlatform;

/// <summary>What a registry entry is, as gp --list tells them apart.</summary>
public enum GpContentKind
{
    IssuerSecurityDomain,
    SecurityDomain,
    Application,
    LoadFile,
}
