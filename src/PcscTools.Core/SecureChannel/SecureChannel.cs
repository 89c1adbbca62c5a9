using System.Security.Cryptography;
using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.Sessions;
using PcscTools.Tlv;

namespace PcscTools.SecureChannel;

/// <summary>
/// An authenticated GlobalPlatform secure channel (SCP02 or SCP03) to a security domain, installed in its card session:
/// from then on every command of the session is wrapped and every answer checked. A rejected answer, or closing the
/// session, closes the channel.
/// </summary>
public sealed class SecureChannel : ISecureMessaging
{
    /// <summary>Where GlobalPlatformPro looks when the card's default selection names no security domain (GP ISD, Visa OpenPlatform, older GemPlus).</summary>
    private static readonly byte[][] WellKnownSecurityDomains =
    [
        [0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00, 0x00],
        [0xA0, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00],
        [0xA0, 0x00, 0x00, 0x00, 0x18, 0x43, 0x4D, 0x00],
    ];

    private readonly IProtocolChannel _channel;
    private readonly object _gate = new();
    private bool _closed;

    private SecureChannel(CardSession session, IProtocolChannel channel, InitializeUpdateResponse card, SecurityLevel level, byte[] securityDomain)
    {
        Session = session;
        _channel = channel;
        Protocol = card.Protocol;
        KeyVersion = card.KeyVersion;
        Parameter = card.Parameter;
        S16 = card.S16;
        SecurityLevel = level;
        SecurityDomain = new HexBytes(securityDomain);
        OpenedAt = DateTime.Now;
    }

    /// <summary>The card session the channel protects; closing it closes the channel.</summary>
    public CardSession Session { get; }

    public string Reader => Session.Reader;

    public SecureChannelProtocol Protocol { get; }

    /// <summary>The key version the card authenticated with.</summary>
    public byte KeyVersion { get; }

    /// <summary>SCP03's i parameter as the card sent it (0 for SCP02).</summary>
    public byte Parameter { get; }

    public bool S16 { get; }

    public SecurityLevel SecurityLevel { get; }

    public HexBytes SecurityDomain { get; }

    public DateTime OpenedAt { get; }

    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return !_closed && Session.IsOpen;
            }
        }
    }

    /// <summary>
    /// Selects the security domain, runs INITIALIZE UPDATE, checks the card cryptogram and only then sends EXTERNAL
    /// AUTHENTICATE; installs the channel in <paramref name="session"/>. <paramref name="warn"/> hears what is odd but not
    /// fatal (the card chose another key version than asked).
    /// </summary>
    public static SecureChannel Open(CardSession session, SecureChannelOptions options, ApduOptions? apduOptions = null, Action<string>? warn = null)
    {
        options.Validate();
        var level = options.SecurityLevel | SecurityLevel.CMac;
        // A new SELECT and INITIALIZE UPDATE end the card's side of a channel already open: so does the host.
        session.SecureMessaging?.Close();
        var securityDomain = SelectSecurityDomain(session, options.SecurityDomain, apduOptions);
        var hostChallenge = options.HostChallenge ?? RandomNumberGenerator.GetBytes(options.ChallengeLength);
        var update = session.Transmit(new CommandApdu(0x80, 0x50, options.KeyVersion, 0x00, hostChallenge, le: 0), apduOptions);
        if (update.StatusWord != "9000")
        {
            // An S16 card refuses an 8-byte host challenge (and an S8 card a 16-byte one) for its length.
            var hint = update.StatusWord == "6700"
                ? $" The host challenge had {hostChallenge.Length} bytes: a card in SCP03 S16 mode wants 16 (-S16), the others 8."
                : " Check -KeyVersion (0 lets the card choose); a card that counted too many failed authentications refuses for good.";
            throw new SecureChannelException(SecureChannelFailure.InitializeUpdateRefused,
                $"The card refused INITIALIZE UPDATE for key version {options.KeyVersion:X2} with {update.StatusWord} ({update.Meaning}).{hint}");
        }
        var card = InitializeUpdateResponse.Parse(update.Data.AsSpan());
        CheckCardFits(card, options, level);
        if (options.KeyVersion != 0 && card.KeyVersion != options.KeyVersion)
        {
            warn?.Invoke($"The card answered with key version {card.KeyVersion:X2}, not the {options.KeyVersion:X2} asked for; authenticating with the keys given.");
        }
        using var keys = options.Keys.Diversify(options.Diversification, card.DiversificationData);
        if (card.Protocol == SecureChannelProtocol.Scp02)
        {
            keys.CheckFits(SecureChannelProtocol.Scp02);
        }
        var (externalAuthenticate, channel) = Prepare(keys, card, hostChallenge, level);
        try
        {
            Authenticate(session, externalAuthenticate, apduOptions);
        }
        catch
        {
            channel.Dispose();
            throw;
        }
        var opened = new SecureChannel(session, channel, card, level, securityDomain);
        session.SecureMessaging = opened;
        return opened;
    }

    /// <summary>
    /// Derives the session keys, verifies the card cryptogram (throwing before anything more is sent when it does not),
    /// and returns the EXTERNAL AUTHENTICATE to send with the channel that follows it.
    /// </summary>
    internal static (CommandApdu ExternalAuthenticate, IProtocolChannel Channel) Prepare(StaticKeys keys, InitializeUpdateResponse card, byte[] hostChallenge, SecurityLevel level)
    {
        if (card.Protocol == SecureChannelProtocol.Scp03)
        {
            var length = card.S16 ? 16 : 8;
            var keys03 = new Scp03SessionKeys(keys, hostChallenge, card.CardChallenge);
            try
            {
                VerifyCardCryptogram(keys03.CardCryptogram(length), card.CardCryptogram);
                var command = Scp03Channel.ExternalAuthenticate(keys03, level, length, out var chaining);
                return (command, new Scp03Channel(keys03, level, length, chaining));
            }
            catch
            {
                keys03.Dispose();
                throw;
            }
        }
        var keys02 = new Scp02SessionKeys(keys, card.SequenceCounter);
        try
        {
            byte[] counterAndChallenge = [.. card.SequenceCounter, .. card.CardChallenge];
            VerifyCardCryptogram(keys02.CardCryptogram(hostChallenge, counterAndChallenge), card.CardCryptogram);
            var command = Scp02Channel.ExternalAuthenticate(keys02, level, keys02.HostCryptogram(hostChallenge, counterAndChallenge), out var mac);
            return (command, new Scp02Channel(keys02, level, mac));
        }
        catch
        {
            keys02.Dispose();
            throw;
        }
    }

    private static void VerifyCardCryptogram(byte[] expected, byte[] received)
    {
        if (!CryptographicOperations.FixedTimeEquals(expected, received))
        {
            throw new SecureChannelException(SecureChannelFailure.CardCryptogramMismatch,
                "The card cryptogram does not verify: the keys, the key version or the diversification do not match the card's. EXTERNAL AUTHENTICATE was not sent, so this attempt does not count toward locking the card.");
        }
    }

    private static void Authenticate(CardSession session, CommandApdu command, ApduOptions? apduOptions)
    {
        var answer = session.Transmit(command, apduOptions);
        if (answer.StatusWord != "9000")
        {
            throw new SecureChannelException(SecureChannelFailure.AuthenticationRefused,
                $"The card refused EXTERNAL AUTHENTICATE with {answer.StatusWord} ({answer.Meaning}). Failed authentications count toward locking the card: check the keys before trying again.");
        }
    }

    private static void CheckCardFits(InitializeUpdateResponse card, SecureChannelOptions options, SecurityLevel level)
    {
        if (options.Protocol != SecureChannelProtocol.Auto && card.Protocol != options.Protocol)
        {
            throw new SecureChannelException(SecureChannelFailure.UnsupportedCard, $"The card answered INITIALIZE UPDATE with {card.Protocol}, not the {options.Protocol} asked for by -Protocol.");
        }
        if (card.S16 != options.S16)
        {
            throw new SecureChannelException(SecureChannelFailure.UnsupportedCard,
                card.S16 ? "The card uses SCP03 in S16 mode (16-byte challenges and cryptograms): open the channel with -S16." : "The card does not use S16 mode: open the channel without -S16.");
        }
        if (card.Protocol == SecureChannelProtocol.Scp03 && (level & SecurityLevel.RMac) != 0 && (card.Parameter & 0x20) == 0)
        {
            throw new SecureChannelException(SecureChannelFailure.UnsupportedCard, $"The card does not support R-MAC (i={card.Parameter:X2}); leave RMac out of -SecurityLevel.");
        }
        if (card.Protocol == SecureChannelProtocol.Scp03 && (level & SecurityLevel.REncryption) != 0 && (card.Parameter & 0x40) == 0)
        {
            throw new SecureChannelException(SecureChannelFailure.UnsupportedCard, $"The card does not support R-ENCRYPTION (i={card.Parameter:X2}); leave REncryption out of -SecurityLevel.");
        }
        if (card.Protocol == SecureChannelProtocol.Scp02 && (level & SecurityLevel.REncryption) != 0)
        {
            throw new SecureChannelException(SecureChannelFailure.UnsupportedCard, "The card speaks SCP02, which has no R-ENCRYPTION; leave REncryption out of -SecurityLevel.");
        }
    }

    /// <summary>
    /// SELECT of <paramref name="aid"/>; without one, the issuer security domain as GlobalPlatformPro finds it: the DF name
    /// (tag 84) of the FCI that a SELECT without AID returns, else the first well-known AID the card selects.
    /// </summary>
    private static byte[] SelectSecurityDomain(CardSession session, byte[]? aid, ApduOptions? apduOptions)
    {
        if (aid is not null)
        {
            if (Select(session, aid, apduOptions) is not null)
            {
                return aid;
            }
            throw new SecureChannelException(SecureChannelFailure.SecurityDomainNotFound, $"The card has no security domain {new HexBytes(aid)} (SELECT failed).");
        }
        var fci = Select(session, [], apduOptions);
        // The DF name (tag 84) in the FCI template (6F), read with Core's BER-TLV parser (multi-byte tags and lengths, broken TLV kept as far as it parses).
        var named = fci is null ? null : BerTlv.Parse(fci).Objects.FirstOrDefault(o => o.Tag.Value == 0x6F)?.Children.FirstOrDefault(c => c.Tag.Value == 0x84)?.Value;
        if (named is { Length: >= 5 and <= 16 })
        {
            return named.ToArray();
        }
        foreach (var known in WellKnownSecurityDomains)
        {
            if (Select(session, known, apduOptions) is not null)
            {
                return known;
            }
        }
        throw new SecureChannelException(SecureChannelFailure.SecurityDomainNotFound,
            "No issuer security domain answered SELECT (by default selection or by the well-known AIDs); give its AID with -SecurityDomain.");
    }

    private static byte[]? Select(CardSession session, byte[] aid, ApduOptions? apduOptions)
    {
        var answer = session.Transmit(new CommandApdu(0x00, 0xA4, 0x04, 0x00, aid, le: 0), apduOptions);
        return answer.StatusWord == "9000" ? answer.Data.ToArray() : null;
    }

    public CommandApdu Wrap(CommandApdu command)
    {
        lock (_gate)
        {
            if (_closed)
            {
                throw new SecureChannelException(SecureChannelFailure.Closed, $"{this} is closed. Open a new one with Open-PcscSecureChannel.");
            }
            return _channel.Wrap(command);
        }
    }

    public int MaxDataLength(int wrappedLimit)
    {
        lock (_gate)
        {
            var length = wrappedLimit;
            while (length > 0 && _channel.WrappedDataLength(length) > wrappedLimit)
            {
                length--;
            }
            return length;
        }
    }

    public HexBytes Unwrap(HexBytes data, byte sw1, byte sw2)
    {
        lock (_gate)
        {
            try
            {
                return _channel.Unwrap(data, sw1, sw2);
            }
            catch (SecureChannelException)
            {
                CloseLocked();
                throw;
            }
        }
    }

    /// <summary>Ends the channel: its keys are cleared and the session's commands go plain again. Closing twice does nothing.</summary>
    public void Close()
    {
        lock (_gate)
        {
            CloseLocked();
        }
    }

    private void CloseLocked()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        _channel.Dispose();
        if (ReferenceEquals(Session.SecureMessaging, this))
        {
            Session.SecureMessaging = null;
        }
    }

    public override string ToString() => $"{Protocol} channel to {SecurityDomain} ({SecurityLevel}) on '{Reader}'";
}
