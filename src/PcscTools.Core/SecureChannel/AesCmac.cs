using System.Security.Cryptography;

namespace PcscTools.SecureChannel;

/// <summary>
/// AES-CMAC (NIST SP 800-38B, RFC 4493) composed over .NET's AES: the subkeys from AES(K, 0), then a CBC pass over the
/// message with the last block masked. Checked against RFC 4493's vectors. The CBC encryptor is made once per key and
/// reused (it returns to its zero IV after every message), so a MAC sets up no cipher of its own; one instance serves
/// one thread at a time.
/// </summary>
public sealed class AesCmac : IDisposable
{
    public const int Length = 16;

    private readonly ICryptoTransform _cbc;
    private readonly byte[] _k1 = new byte[Length];
    private readonly byte[] _k2 = new byte[Length];

    public AesCmac(ReadOnlySpan<byte> key)
    {
        _cbc = ZeroIvCbc.Encryptor(key);
        var l = _cbc.TransformFinalBlock(new byte[Length], 0, Length);
        Double(l, _k1);
        Double(_k1, _k2);
        CryptographicOperations.ZeroMemory(l);
    }

    /// <summary>The full 16-byte CMAC of <paramref name="message"/>.</summary>
    public byte[] Compute(ReadOnlySpan<byte> message)
    {
        var blocks = Math.Max(1, (message.Length + Length - 1) / Length);
        var padded = new byte[blocks * Length];
        message.CopyTo(padded);
        var last = padded.AsSpan((blocks - 1) * Length);
        var complete = message.Length > 0 && message.Length % Length == 0;
        if (!complete)
        {
            padded[message.Length] = 0x80;
        }
        var mask = complete ? _k1 : _k2;
        for (var i = 0; i < Length; i++)
        {
            last[i] ^= mask[i];
        }
        var cipher = _cbc.TransformFinalBlock(padded, 0, padded.Length);
        var mac = cipher.AsSpan(cipher.Length - Length).ToArray();
        CryptographicOperations.ZeroMemory(padded);
        return mac;
    }

    public static byte[] Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        using var cmac = new AesCmac(key);
        return cmac.Compute(message);
    }

    /// <summary>Multiplication by x in GF(2^128): shift left one bit, folding the carry back with the constant 87.</summary>
    private static void Double(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var carry = 0;
        for (var i = Length - 1; i >= 0; i--)
        {
            output[i] = (byte)((input[i] << 1) | carry);
            carry = input[i] >> 7;
        }
        if ((input[0] & 0x80) != 0)
        {
            output[Length - 1] ^= 0x87;
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_k1);
        CryptographicOperations.ZeroMemory(_k2);
        _cbc.Dispose();
    }
}
