using System.Security.Cryptography;
using PcscTools.Apdu;
using PcscTools.SecureChannel;

namespace PcscTools.Simulator.VirtualCard.SecureMessaging;

/// <summary>
/// The virtual card's security domain side of GlobalPlatform secure channels: answers INITIALIZE UPDATE and EXTERNAL
/// AUTHENTICATE (SCP03 by default, SCP02 selectable), counts sessions, locks after too many failed authentications, and
/// once authenticated opens each secured command before the card processes it and protects each answer.
/// </summary>
public sealed class CardSecureMessaging
{
    /// <summary>The issuer security domain's AID (GlobalPlatform's), which pseudo-random SCP03 card challenges are derived from.</summary>
    public static readonly byte[] IssuerSecurityDomain = [0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00, 0x00];

    private StaticKeys _keys = StaticKeys.CreateTestKeys();
    private Pending? _pending;
    private ICardChannel? _channel;

    public SecureChannelProtocol Protocol { get; set; } = SecureChannelProtocol.Scp03;

    /// <summary>The key version the card holds and answers INITIALIZE UPDATE with (asked for by its number, or by 0).</summary>
    public byte KeyVersion { get; set; } = 0x30;

    /// <summary>SCP03's i parameter: 70 (pseudo-random challenges, R-MAC, R-ENCRYPTION) by default; bit 01 for S16.</summary>
    public byte Parameter { get; set; } = 0x70;

    /// <summary>The card's static keys; the GlobalPlatform test key 40..4F by default.</summary>
    public StaticKeys Keys
    {
        get => _keys;
        set => _keys = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The sequence counter: one more for every INITIALIZE UPDATE the card answers.</summary>
    public int SequenceCounter { get; set; }

    /// <summary>After this many failed EXTERNAL AUTHENTICATEs in a row the card refuses every further INITIALIZE UPDATE (6983).</summary>
    public int AuthenticationLimit { get; set; } = 3;

    public int FailedAuthentications { get; private set; }

    public bool IsLocked => FailedAuthentications >= AuthenticationLimit;

    /// <summary>Whether a channel is authenticated now.</summary>
    public bool IsAuthenticated => _channel is not null;

    /// <summary>The security level of the authenticated channel.</summary>
    public SecurityLevel? SecurityLevel { get; private set; }

    /// <summary>Power-on or reset ends any channel.</summary>
    public void Reset() => Close();

    /// <summary>
    /// Takes a command before the card's processing: the answer when secure messaging handles it (INITIALIZE UPDATE,
    /// EXTERNAL AUTHENTICATE, a secured command that does not verify); otherwise null, with <paramref name="plain"/> the
    /// command for the card to process.
    /// </summary>
    internal byte[]? Receive(byte[] command, out byte[] plain)
    {
        plain = command;
        var cla = command[0];
        var ins = command[1];
        if ((cla & 0x80) != 0 && ins == 0x50 && !SecuredCommand.IsSecured(cla))
        {
            return InitializeUpdate(new ParsedCommand(command));
        }
        if ((cla & 0x80) != 0 && ins == 0x82 && _pending is not null)
        {
            return ExternalAuthenticate(command);
        }
        if (_channel is null)
        {
            return SecuredCommand.IsSecured(cla) ? StatusWord.SecurityNotSatisfied : null;
        }
        if (!SecuredCommand.IsSecured(cla))
        {
            // GET RESPONSE fetches what a secured command left; any other plain command ends the session, as GlobalPlatform has it.
            if (ins != 0xC0)
            {
                Close();
            }
            return null;
        }
        if (_channel.Unwrap(command) is not { } unwrapped)
        {
            Close();
            return StatusWord.SecurityNotSatisfied;
        }
        plain = unwrapped;
        return null;
    }

    /// <summary>The card's answer to a command that went through the channel, with R-ENCRYPTION and R-MAC as the level asks.</summary>
    internal byte[] Protect(byte[] answer) => _channel?.Protect(answer) ?? answer;

    /// <summary>Un-counts the last command, which the card answered 6Cxx instead.</summary>
    internal void Rewind() => _channel?.Rewind();

    private byte[] InitializeUpdate(ParsedCommand apdu)
    {
        Close();
        if (IsLocked)
        {
            return [0x69, 0x83];
        }
        if (apdu.P1 != 0 && apdu.P1 != KeyVersion)
        {
            return [0x6A, 0x88];
        }
        var s16 = Protocol == SecureChannelProtocol.Scp03 && (Parameter & 0x01) != 0;
        if (apdu.Data.Length != (s16 ? 16 : 8))
        {
            return StatusWord.WrongLength;
        }
        SequenceCounter++;
        var kdd = new byte[10];
        byte[] answer = Protocol == SecureChannelProtocol.Scp03 ? Scp03Answer(apdu.Data, kdd, s16) : Scp02Answer(apdu.Data, kdd);
        return [.. answer, 0x90, 0x00];
    }

    private byte[] Scp03Answer(byte[] hostChallenge, byte[] kdd, bool s16)
    {
        var length = s16 ? 16 : 8;
        var pseudoRandom = (Parameter & 0x10) != 0;
        byte[] counter = pseudoRandom ? [(byte)(SequenceCounter >> 16), (byte)(SequenceCounter >> 8), (byte)SequenceCounter] : [];
        var cardChallenge = pseudoRandom
            ? Scp03SessionKeys.PseudoRandomCardChallenge(_keys, counter, IssuerSecurityDomain, length)
            : RandomNumberGenerator.GetBytes(length);
        var keys = new Scp03SessionKeys(_keys, hostChallenge, cardChallenge);
        byte[] answer = [.. kdd, KeyVersion, 0x03, Parameter, .. cardChallenge, .. keys.CardCryptogram(length), .. counter];
        _pending = new Pending(InitializeUpdateResponse.Parse(answer), hostChallenge);
        keys.Dispose();
        return answer;
    }

    private byte[] Scp02Answer(byte[] hostChallenge, byte[] kdd)
    {
        byte[] counterAndChallenge = [(byte)(SequenceCounter >> 8), (byte)SequenceCounter, .. RandomNumberGenerator.GetBytes(6)];
        using var keys = new Scp02SessionKeys(_keys, counterAndChallenge.AsSpan(0, 2));
        byte[] answer = [.. kdd, KeyVersion, 0x02, .. counterAndChallenge, .. keys.CardCryptogram(hostChallenge, counterAndChallenge)];
        _pending = new Pending(InitializeUpdateResponse.Parse(answer), hostChallenge);
        return answer;
    }

    private byte[] ExternalAuthenticate(byte[] command)
    {
        var pending = _pending!;
        _pending = null;
        var level = (SecurityLevel)command[2];
        if (((int)level & ~0x33) != 0 || (level & PcscTools.SecureChannel.SecurityLevel.CMac) == 0)
        {
            return StatusWord.WrongP1P2;
        }
        // The card expects exactly the EXTERNAL AUTHENTICATE that the right keys make: the host cryptogram and its C-MAC.
        var (expected, channel) = PcscTools.SecureChannel.SecureChannel.Prepare(_keys, pending.Card, pending.HostChallenge, level);
        if (!CryptographicOperations.FixedTimeEquals(expected.Bytes!.AsSpan(), command))
        {
            channel.Dispose();
            FailedAuthentications++;
            return [0x63, 0x00];
        }
        channel.Dispose();
        FailedAuthentications = 0;
        _channel = pending.Card.Protocol == SecureChannelProtocol.Scp03 ? Scp03Card(pending, level, command) : Scp02Card(pending, level, command);
        SecurityLevel = level;
        return StatusWord.Success;
    }

    private Scp03CardChannel Scp03Card(Pending pending, SecurityLevel level, byte[] command)
    {
        var length = pending.Card.S16 ? 16 : 8;
        var keys = new Scp03SessionKeys(_keys, pending.HostChallenge, pending.Card.CardChallenge);
        Scp03Channel.ExternalAuthenticate(keys, level, length, out var chaining);
        return new Scp03CardChannel(keys, level, length, chaining);
    }

    private Scp02CardChannel Scp02Card(Pending pending, SecurityLevel level, byte[] command) =>
        new(new Scp02SessionKeys(_keys, pending.Card.SequenceCounter), level, command.AsSpan(command.Length - 8).ToArray());

    private void Close()
    {
        _pending = null;
        _channel?.Dispose();
        _channel = null;
        SecurityLevel = null;
    }

    private sealed record Pending(InitializeUpdateResponse Card, byte[] HostChallenge);
}
