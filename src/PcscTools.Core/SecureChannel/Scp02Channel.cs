using System.Security.Cryptography;
using PcscTools.Apdu;
using PcscTools.Bytes;

namespace PcscTools.SecureChannel;

/// <summary>
/// The host's end of an authenticated SCP02 channel (i=15/55): C-MAC on the modified command with ICV encryption,
/// C-DECRYPTION, and R-MAC checked on every answer.
/// </summary>
internal sealed class Scp02Channel : IProtocolChannel
{
    private readonly Scp02SessionKeys _keys;
    private readonly SecurityLevel _level;
    private byte[] _lastMac;
    private byte[] _lastResponseMac;
    private byte[] _plainCommand = [];

    /// <summary>EXTERNAL AUTHENTICATE's C-MAC starts both chains: the next C-MAC's and the first R-MAC's (Annex E.3.2).</summary>
    public Scp02Channel(Scp02SessionKeys keys, SecurityLevel level, byte[] externalAuthenticateMac)
    {
        _keys = keys;
        _level = level;
        _lastMac = externalAuthenticateMac;
        _lastResponseMac = externalAuthenticateMac;
    }

    public static CommandApdu ExternalAuthenticate(Scp02SessionKeys keys, SecurityLevel level, byte[] hostCryptogram, out byte[] mac)
    {
        var header = SecuredCommand.Header(0x84, 0x82, (byte)level, 0x00, 16, extended: false);
        mac = keys.CommandMac(new byte[8], [.. header, .. hostCryptogram]);
        return new CommandApdu(0x84, 0x82, (byte)level, 0x00, [.. hostCryptogram, .. mac]);
    }

    public CommandApdu Wrap(CommandApdu command)
    {
        var plain = command.Data!.AsSpan();
        _plainCommand = [.. SecuredCommand.Header(command.Cla, command.Ins, command.P1, command.P2, plain.Length, extended: false), .. plain];
        var macLc = plain.Length + 8;
        var macExtended = SecuredCommand.NeedsExtendedLength(command, macLc);
        var header = SecuredCommand.Header(SecuredCommand.SecureClass(command.Cla), command.Ins, command.P1, command.P2, macLc, macExtended);
        _lastMac = _keys.CommandMac(_keys.NextIcv(_lastMac), [.. header, .. plain]);
        var sent = (_level & SecurityLevel.CDecryption) != 0 && plain.Length > 0 ? _keys.EncryptCommand(plain) : plain.ToArray();
        return SecuredCommand.Build(command, sent, _lastMac, SecuredCommand.NeedsExtendedLength(command, sent.Length + 8));
    }

    /// <summary>C-DECRYPTION pads to whole 3DES blocks (always at least one byte); then the 8-byte C-MAC.</summary>
    public int WrappedDataLength(int dataLength) =>
        ((_level & SecurityLevel.CDecryption) != 0 && dataLength > 0 ? (dataLength / 8 + 1) * 8 : dataLength) + 8;

    public HexBytes Unwrap(HexBytes data, byte sw1, byte sw2)
    {
        if ((_level & SecurityLevel.RMac) == 0 || (data.Length == 0 && !ResponseProtection.CarriesMac(sw1, sw2)))
        {
            return data;
        }
        if (data.Length < 8)
        {
            throw ResponseProtection.Rejected($"its answer ({data.Length} data byte(s), SW {sw1:X2}{sw2:X2}) is too short to carry an R-MAC");
        }
        var body = data.AsSpan()[..^8];
        var expected = _keys.ResponseMac(_lastResponseMac, _plainCommand, body, sw1, sw2);
        if (!CryptographicOperations.FixedTimeEquals(expected, data.AsSpan()[^8..]))
        {
            throw ResponseProtection.Rejected("its R-MAC does not verify");
        }
        _lastResponseMac = expected;
        return new HexBytes(body);
    }

    public void Dispose() => _keys.Dispose();
}
