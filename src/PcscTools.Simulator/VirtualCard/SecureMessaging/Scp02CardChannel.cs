using System.Security.Cryptography;
using PcscTools.SecureChannel;

namespace PcscTools.Simulator.VirtualCard.SecureMessaging;

/// <summary>The card's end of an SCP02 channel (i=15/55): C-MAC with ICV encryption verified, data decrypted, answers R-MACed.</summary>
internal sealed class Scp02CardChannel : ICardChannel
{
    private readonly Scp02SessionKeys _keys;
    private readonly SecurityLevel _level;
    private byte[] _lastMac;
    private byte[] _previousMac;
    private byte[] _lastResponseMac;
    private byte[] _previousResponseMac;
    private byte[] _plainCommand = [];

    /// <summary>EXTERNAL AUTHENTICATE's C-MAC starts both chains: the next C-MAC's and the first R-MAC's (Annex E.3.2).</summary>
    public Scp02CardChannel(Scp02SessionKeys keys, SecurityLevel level, byte[] externalAuthenticateMac)
    {
        _keys = keys;
        _level = level;
        _lastMac = externalAuthenticateMac;
        _previousMac = externalAuthenticateMac;
        _lastResponseMac = externalAuthenticateMac;
        _previousResponseMac = externalAuthenticateMac;
    }

    public byte[]? Unwrap(ReadOnlySpan<byte> command)
    {
        var wire = new WireCommand(command, 8);
        if (!wire.Valid)
        {
            return null;
        }
        var plain = (_level & SecurityLevel.CDecryption) != 0 && wire.Body.Length > 0 ? _keys.DecryptCommand(wire.Body) : wire.Body;
        if (plain is null)
        {
            return null;
        }
        var macLc = plain.Length + 8;
        var header = SecuredCommand.Header(wire.Cla, wire.Ins, wire.P1, wire.P2, macLc, wire.Extended || macLc > 255);
        var mac = _keys.CommandMac(_keys.NextIcv(_lastMac), [.. header, .. plain]);
        if (!CryptographicOperations.FixedTimeEquals(mac, wire.Mac))
        {
            return null;
        }
        _previousMac = _lastMac;
        _lastMac = mac;
        var unsecured = wire.Plain(plain);
        _plainCommand = [.. SecuredCommand.Header(unsecured[0], wire.Ins, wire.P1, wire.P2, plain.Length, extended: false), .. plain];
        return unsecured;
    }

    public byte[] Protect(byte[] answer)
    {
        var data = answer.AsSpan(0, answer.Length - 2);
        var (sw1, sw2) = (answer[^2], answer[^1]);
        if ((_level & SecurityLevel.RMac) == 0 || (data.Length == 0 && !ResponseProtection.CarriesMac(sw1, sw2)))
        {
            return answer;
        }
        _previousResponseMac = _lastResponseMac;
        _lastResponseMac = _keys.ResponseMac(_lastResponseMac, _plainCommand, data, sw1, sw2);
        return [.. data, .. _lastResponseMac, sw1, sw2];
    }

    public void Rewind()
    {
        _lastMac = _previousMac;
        _lastResponseMac = _previousResponseMac;
    }

    public void Dispose() => _keys.Dispose();
}
