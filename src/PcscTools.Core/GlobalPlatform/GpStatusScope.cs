namespace PcscTools.GlobalPlatform;

/// <summary>What GET STATUS lists: its P1 (GlobalPlatform Card Specification §11.4).</summary>
public enum GpStatusScope : byte
{
    IssuerSecurityDomain = 0x80,

    /// <summary>Applications and supplementary security domains.</summary>
    Applications = 0x40,

    /// <summary>Executable load files (packages).</summary>
    LoadFiles = 0x20,

    /// <summary>Executable load files and the executable modules (applet classes) in each.</summary>
    LoadFilesAndModules = 0x10,
}
