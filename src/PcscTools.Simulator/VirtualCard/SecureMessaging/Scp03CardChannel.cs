using System.Security.Cryptography;
using PcscTools.SecureChannel;

namespace PcscTools.Simulator.VirtualCard.SecureMessaging;

/// <summary>The card's end of an SCP03 channel: C-MAC verified and data decrypted per command, answers R-MACed and R-encrypted.</summary>
internal sealed class Scp03CardChannel : ICardChannel
{
    private readonly Scp03SessionKeys _keys;
    private readonly SecurityLevel _level;
    private readonly int _macLength;
    private byte[] _chaining;
    private byte[] _previousChaining;
    private long _counter;

    public Scp03CardChannel(Scp03SessionKeys keys, SecurityLevel level, int macLength, byte[] chaining)
    {
        _keys = keys;
        _level = level;
        _macLength = macLength;
        _chaining = chaining;
        _previousChaining = chaining;
    }

    public byte[]? Unwrap(ReadOnlySpan<byte> command)
    {
        var wire = new WireCommand(command, _macLength);
        if (!wire.Valid)
        {
            return null;
        }
        var full = _keys.CommandMac(_chaining, [.. wire.Header, .. wire.Body]);
        if (!CryptographicOperations.FixedTimeEquals(full.AsSpan(0, _macLength), wire.Mac))
        {
            return null;
        }
        _previousChaining = _chaining;
        _chaining = full;
        _counter++;
        if ((_level & SecurityLevel.CDecryption) == 0 || wire.Body.Length == 0)
        {
            return wire.Plain(wire.Body);
        }
        return _keys.DecryptCommand(_counter, wire.Body) is { } plain ? wire.Plain(plain) : null;
    }

    public byte[] Protect(byte[] answer)
    {
        var data = answer.AsSpan(0, answer.Length - 2);
        var (sw1, sw2) = (answer[^2], answer[^1]);
        if ((_level & SecurityLevel.RMac) == 0 || (data.Length == 0 && !ResponseProtection.CarriesMac(sw1, sw2)))
        {
            return answer;
        }
        var sent = (_level & SecurityLevel.REncryption) != 0 && data.Length > 0 ? _keys.EncryptResponse(_counter, data) : data.ToArray();
        var mac = _keys.ResponseMac(_chaining, sent, sw1, sw2);
        return [.. sent, .. mac.AsSpan(0, _macLength), sw1, sw2];
    }

    public void Rewind()
    {
        _chaining = _previousChaining;
        _counter--;
    }

    public void Dispose() => _keys.Dispose();
}
