using System.Security.Cryptography;
using PcscTools.Apdu;
using PcscTools.Bytes;

namespace PcscTools.SecureChannel;

/// <summary>
/// The host's end of an authenticated SCP03 channel: C-MAC (and C-DECRYPTION) on every command, R-MAC (and R-ENCRYPTION)
/// checked on every answer. The encryption counter goes up for every command, with or without data.
/// </summary>
internal sealed class Scp03Channel : IProtocolChannel
{
    private readonly Scp03SessionKeys _keys;
    private readonly SecurityLevel _level;
    private readonly int _macLength;
    private byte[] _chaining;
    private long _counter;

    public Scp03Channel(Scp03SessionKeys keys, SecurityLevel level, int macLength, byte[] chaining)
    {
        _keys = keys;
        _level = level;
        _macLength = macLength;
        _chaining = chaining;
    }

    /// <summary>EXTERNAL AUTHENTICATE for <paramref name="level"/>, MACed from a zero chaining value; returns the chaining value it leaves.</summary>
    public static CommandApdu ExternalAuthenticate(Scp03SessionKeys keys, SecurityLevel level, int length, out byte[] chaining)
    {
        var hostCryptogram = keys.HostCryptogram(length);
        var header = SecuredCommand.Header(0x84, 0x82, (byte)level, 0x00, length + length, extended: false);
        chaining = keys.CommandMac(new byte[16], [.. header, .. hostCryptogram]);
        return new CommandApdu(0x84, 0x82, (byte)level, 0x00, [.. hostCryptogram, .. chaining.AsSpan(0, length)]);
    }

    public CommandApdu Wrap(CommandApdu command)
    {
        _counter++;
        var data = command.Data!.AsSpan();
        var secured = (_level & SecurityLevel.CDecryption) != 0 && data.Length > 0 ? _keys.EncryptCommand(_counter, data) : data.ToArray();
        var lc = secured.Length + _macLength;
        var extended = SecuredCommand.NeedsExtendedLength(command, lc);
        var header = SecuredCommand.Header(SecuredCommand.SecureClass(command.Cla), command.Ins, command.P1, command.P2, lc, extended);
        _chaining = _keys.CommandMac(_chaining, [.. header, .. secured]);
        return SecuredCommand.Build(command, secured, _chaining.AsSpan(0, _macLength), extended);
    }

    /// <summary>C-DECRYPTION pads to whole AES blocks (always at least one byte); then the C-MAC (8 bytes, 16 in S16).</summary>
    public int WrappedDataLength(int dataLength) =>
        ((_level & SecurityLevel.CDecryption) != 0 && dataLength > 0 ? (dataLength / 16 + 1) * 16 : dataLength) + _macLength;

    public HexBytes Unwrap(HexBytes data, byte sw1, byte sw2)
    {
        if ((_level & SecurityLevel.RMac) == 0 || (data.Length == 0 && !ResponseProtection.CarriesMac(sw1, sw2)))
        {
            return data;
        }
        if (data.Length < _macLength)
        {
            throw ResponseProtection.Rejected($"its answer ({data.Length} data byte(s), SW {sw1:X2}{sw2:X2}) is too short to carry an R-MAC");
        }
        var body = data.AsSpan()[..^_macLength];
        var expected = _keys.ResponseMac(_chaining, body, sw1, sw2);
        if (!CryptographicOperations.FixedTimeEquals(expected.AsSpan(0, _macLength), data.AsSpan()[^_macLength..]))
        {
            throw ResponseProtection.Rejected("its R-MAC does not verify");
        }
        if ((_level & SecurityLevel.REncryption) == 0 || body.Length == 0)
        {
            return new HexBytes(body);
        }
        var plain = _keys.DecryptResponse(_counter, body) ?? throw ResponseProtection.Rejected("its data cannot be decrypted");
        return new HexBytes(plain);
    }

    public void Dispose() => _keys.Dispose();
}
