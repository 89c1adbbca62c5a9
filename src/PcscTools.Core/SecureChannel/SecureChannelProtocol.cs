namespace PcscTools.SecureChannel;

/// <summary>The GlobalPlatform secure channel protocols PcscTools speaks.</summary>
public enum SecureChannelProtocol
{
    /// <summary>Taken from the card's INITIALIZE UPDATE answer.</summary>
    Auto = 0,
    /// <summary>3DES (GlobalPlatform Card Specification Annex E).</summary>
    Scp02 = 2,
    /// <summary>AES (GlobalPlatform Card Specification Amendment D).</summary>
    Scp03 = 3,
}
