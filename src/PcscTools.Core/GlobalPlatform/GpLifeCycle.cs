namespace PcscTools.GlobalPlatform;

/// <summary>Life cycle state bytes by name, as GlobalPlatform (§5.1) and gp --list write them.</summary>
public static class GpLifeCycle
{
    public const byte Loaded = 0x01;
    public const byte Installed = 0x03;
    public const byte Selectable = 0x07;
    public const byte Personalized = 0x0F;

    /// <summary>The name of <paramref name="state"/> for an entry of <paramref name="kind"/>; an application's own states (b4-b7) are shown in hex.</summary>
    public static string Name(GpContentKind kind, byte state) => kind switch
    {
        GpContentKind.IssuerSecurityDomain => state switch
        {
            0x01 => "OP_READY",
            0x07 => "INITIALIZED",
            0x0F => "SECURED",
            0x7F => "CARD_LOCKED",
            0xFF => "TERMINATED",
            _ => $"{state:X2}",
        },
        GpContentKind.LoadFile => state == Loaded ? "LOADED" : $"{state:X2}",
        _ when (state & 0x80) != 0 => "LOCKED",
        GpContentKind.SecurityDomain when state == Personalized => "PERSONALIZED",
        _ => state switch
        {
            Installed => "INSTALLED",
            Selectable => "SELECTABLE",
            _ when (state & 0x07) == 0x07 => $"SELECTABLE ({state:X2})",
            _ => $"{state:X2}",
        },
    };
}
