namespace PcscTools.SecureChannel;

/// <summary>The security level of a channel, as the bits of EXTERNAL AUTHENTICATE's P1. C-MAC is always on.</summary>
[Flags]
public enum SecurityLevel
{
    CMac = 0x01,
    CDecryption = 0x02,
    RMac = 0x10,
    REncryption = 0x20,
}
