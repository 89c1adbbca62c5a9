namespace PcscTools.SecureChannel;

/// <summary>Why a secure channel could not be opened or was closed.</summary>
public enum SecureChannelFailure
{
    /// <summary>No security domain answered SELECT.</summary>
    SecurityDomainNotFound,
    /// <summary>The card refused INITIALIZE UPDATE (unknown key version, a locked card…).</summary>
    InitializeUpdateRefused,
    /// <summary>The card answers with a protocol or option PcscTools does not speak, or not the one asked for.</summary>
    UnsupportedCard,
    /// <summary>The card cryptogram did not verify: wrong keys, key version or diversification. Nothing more was sent.</summary>
    CardCryptogramMismatch,
    /// <summary>The card refused EXTERNAL AUTHENTICATE.</summary>
    AuthenticationRefused,
    /// <summary>A response's R-MAC did not verify, or its data could not be decrypted; the channel is closed.</summary>
    ResponseRejected,
    /// <summary>The channel was closed (after a rejected response, or with its session).</summary>
    Closed,
}
