namespace PcscTools.SecureChannel;

/// <summary>What a static key of a security domain is for; the values are the ones GlobalPlatformPro's diversification mixes in.</summary>
public enum KeyRole
{
    Enc = 1,
    Mac = 2,
    Dek = 3,
}
