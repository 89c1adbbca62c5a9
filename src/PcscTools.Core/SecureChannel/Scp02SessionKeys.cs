using System.Security.Cryptography;

namespace PcscTools.SecureChannel;

/// <summary>
/// SCP02's session keys (S-ENC, C-MAC, R-MAC: 3DES-CBC of a constant and the sequence counter under each static key)
/// and the computations both ends make with them (GlobalPlatform Card Specification Annex E, i=15/55).
/// </summary>
public sealed class Scp02SessionKeys : IDisposable
{
    private readonly byte[] _enc;
    private readonly byte[] _mac;
    private readonly byte[] _rmac;

    public Scp02SessionKeys(StaticKeys keys, ReadOnlySpan<byte> sequenceCounter)
    {
        _enc = Derive(keys.Enc, 0x82, sequenceCounter);
        _mac = Derive(keys.Mac, 0x01, sequenceCounter);
        _rmac = Derive(keys.Mac, 0x02, sequenceCounter);
    }

    /// <summary>Full 3DES MAC under S-ENC of host challenge | sequence counter | card challenge.</summary>
    public byte[] CardCryptogram(ReadOnlySpan<byte> hostChallenge, ReadOnlySpan<byte> counterAndCardChallenge) =>
        DesMac.FullTripleDes(_enc, [.. hostChallenge, .. counterAndCardChallenge], new byte[8]);

    /// <summary>Full 3DES MAC under S-ENC of sequence counter | card challenge | host challenge.</summary>
    public byte[] HostCryptogram(ReadOnlySpan<byte> hostChallenge, ReadOnlySpan<byte> counterAndCardChallenge) =>
        DesMac.FullTripleDes(_enc, [.. counterAndCardChallenge, .. hostChallenge], new byte[8]);

    /// <summary>The C-MAC (retail MAC under C-MAC) of the modified header and the plain data, from <paramref name="icv"/>.</summary>
    public byte[] CommandMac(ReadOnlySpan<byte> icv, ReadOnlySpan<byte> headerAndData) => DesMac.Retail(_mac, headerAndData, icv);

    /// <summary>ICV encryption: the next command's ICV is the last C-MAC encrypted with single DES under the C-MAC key's first half.</summary>
    public byte[] NextIcv(ReadOnlySpan<byte> lastMac) => DesMac.EncryptSingleDesBlock(_mac, lastMac);

    /// <summary>
    /// The R-MAC (retail MAC under the R-MAC key, from the previous R-MAC) of the plain command (header, Lc, data), the length
    /// of the response data, the data and the status word.
    /// </summary>
    public byte[] ResponseMac(ReadOnlySpan<byte> icv, ReadOnlySpan<byte> plainCommand, ReadOnlySpan<byte> data, byte sw1, byte sw2) =>
        DesMac.Retail(_rmac, [.. plainCommand, (byte)data.Length, .. data, sw1, sw2], icv);

    /// <summary>C-DECRYPTION (the host's encryption): always padded, 3DES-CBC under S-ENC from a zero ICV.</summary>
    public byte[] EncryptCommand(ReadOnlySpan<byte> data) => DesMac.EncryptTripleDesCbc(_enc, BlockPadding.Pad(data, 8), new byte[8]);

    /// <summary>The card's side of C-DECRYPTION; null when the data is not whole blocks or its padding is wrong.</summary>
    public byte[]? DecryptCommand(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0 || data.Length % 8 != 0)
        {
            return null;
        }
        var plain = DesMac.DecryptTripleDesCbc(_enc, data, new byte[8]);
        var length = BlockPadding.UnpaddedLength(plain);
        return length < 0 ? null : plain.AsSpan(0, length).ToArray();
    }

    private static byte[] Derive(ReadOnlySpan<byte> key, byte constant, ReadOnlySpan<byte> counter)
    {
        var block = new byte[16];
        block[0] = 0x01;
        block[1] = constant;
        counter.CopyTo(block.AsSpan(2));
        return DesMac.EncryptTripleDesCbc(key, block, new byte[8]);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_enc);
        CryptographicOperations.ZeroMemory(_mac);
        CryptographicOperations.ZeroMemory(_rmac);
    }
}
