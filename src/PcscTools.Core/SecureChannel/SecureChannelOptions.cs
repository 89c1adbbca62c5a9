namespace PcscTools.SecureChannel;

/// <summary>How <see cref="SecureChannel.Open"/> authenticates; checked whole by <see cref="Validate"/> before anything is sent.</summary>
public sealed record SecureChannelOptions
{
    public required StaticKeys Keys { get; init; }

    /// <summary>The key version INITIALIZE UPDATE asks for; 0 lets the card choose.</summary>
    public byte KeyVersion { get; init; }

    public KeyDiversification Diversification { get; init; }

    public SecurityLevel SecurityLevel { get; init; } = SecurityLevel.CMac;

    /// <summary>SCP03 with 16-byte challenges, cryptograms and MACs.</summary>
    public bool S16 { get; init; }

    public SecureChannelProtocol Protocol { get; init; }

    /// <summary>A fixed host challenge (8 bytes, 16 with S16), for reproducible sessions; random when null.</summary>
    public byte[]? HostChallenge { get; init; }

    /// <summary>The security domain to select; null finds the issuer security domain.</summary>
    public byte[]? SecurityDomain { get; init; }

    public int ChallengeLength => S16 ? 16 : 8;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option that cannot work.</summary>
    public void Validate()
    {
        var level = SecurityLevel | SecurityLevel.CMac;
        if (((int)level & ~0x33) != 0)
        {
            throw new ArgumentException($"Security level 0x{(int)SecurityLevel:X2} has unknown bits; combine CMac, CDecryption, RMac and REncryption.");
        }
        if ((level & SecurityLevel.REncryption) != 0 && (level & (SecurityLevel.RMac | SecurityLevel.CDecryption)) != (SecurityLevel.RMac | SecurityLevel.CDecryption))
        {
            throw new ArgumentException("REncryption needs RMac and CDecryption as well (GlobalPlatform allows no other combination).");
        }
        if (S16 && Protocol == SecureChannelProtocol.Scp02)
        {
            throw new ArgumentException("S16 is an SCP03 mode; SCP02 has 8-byte challenges and MACs.");
        }
        if (Protocol == SecureChannelProtocol.Scp02 && (level & SecurityLevel.REncryption) != 0)
        {
            throw new ArgumentException("SCP02 has no R-ENCRYPTION; use SCP03 or leave REncryption out.");
        }
        Keys.CheckFits(Protocol);
        if (HostChallenge is { } challenge && challenge.Length != ChallengeLength)
        {
            throw new ArgumentException($"The host challenge is {challenge.Length} bytes long; it must be {ChallengeLength}{(S16 ? " (S16)" : "")}.");
        }
        if (SecurityDomain is { Length: < 5 or > 16 } aid)
        {
            throw new ArgumentException($"The security domain AID is {aid.Length} bytes long; an AID has 5 to 16 bytes.");
        }
    }
}
