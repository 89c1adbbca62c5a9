namespace PcscTools.SecureChannel;

/// <summary>How card keys are derived from master keys and the card's key diversification data, named as GlobalPlatformPro names them.</summary>
public enum KeyDiversification
{
    None,
    /// <summary>EMV CPS: 3DES-ECB of the last six bytes of the diversification data, F0/0F and the key role.</summary>
    Emv,
    /// <summary>VISA2: 3DES-ECB of bytes 1–2 and 5–8 of the diversification data, F0/0F and the key role.</summary>
    Visa2,
    /// <summary>SCP03 counter-mode KDF (AES-CMAC) of the key role constant and the diversification data.</summary>
    Kdf3,
}
