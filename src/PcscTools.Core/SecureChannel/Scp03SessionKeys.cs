using System.Security.Cryptography;

namespace PcscTools.SecureChannel;

/// <summary>
/// SCP03's session keys (S-ENC, S-MAC, S-RMAC) and the computations both ends of a channel make with them
/// (Amendment D): cryptograms, C-MAC and R-MAC over their chaining value, and the command and response encryption.
/// </summary>
public sealed class Scp03SessionKeys : IDisposable
{
    private const byte CardCryptogramConstant = 0x00;
    private const byte HostCryptogramConstant = 0x01;
    private const byte CardChallengeConstant = 0x02;
    private const byte SEncConstant = 0x04;
    private const byte SMacConstant = 0x06;
    private const byte SRmacConstant = 0x07;

    private readonly byte[] _context;
    private readonly AesCmac _mac;
    private readonly AesCmac _rmac;
    private readonly ICryptoTransform _encryptor;
    private readonly ICryptoTransform _decryptor;

    /// <summary>Derives the session keys from <paramref name="keys"/> and the context host challenge | card challenge.</summary>
    public Scp03SessionKeys(StaticKeys keys, ReadOnlySpan<byte> hostChallenge, ReadOnlySpan<byte> cardChallenge)
    {
        _context = [.. hostChallenge, .. cardChallenge];
        var bits = keys.Length * 8;
        var enc = CounterModeKdf.Scp03(keys.Enc, SEncConstant, bits, _context);
        var mac = CounterModeKdf.Scp03(keys.Mac, SMacConstant, bits, _context);
        var rmac = CounterModeKdf.Scp03(keys.Mac, SRmacConstant, bits, _context);
        MacKey = mac;
        _mac = new AesCmac(mac);
        _rmac = new AesCmac(rmac);
        CryptographicOperations.ZeroMemory(rmac);
        _encryptor = ZeroIvCbc.Encryptor(enc);
        _decryptor = ZeroIvCbc.Decryptor(enc);
        CryptographicOperations.ZeroMemory(enc);
    }

    /// <summary>S-MAC, for the cryptograms (kept only for them).</summary>
    private byte[] MacKey { get; }

    public byte[] CardCryptogram(int length) => CounterModeKdf.Scp03(MacKey, CardCryptogramConstant, length * 8, _context);

    public byte[] HostCryptogram(int length) => CounterModeKdf.Scp03(MacKey, HostCryptogramConstant, length * 8, _context);

    /// <summary>What a card with pseudo-random challenges sends: KDF(K-ENC, 02, sequence counter | AID of the security domain).</summary>
    public static byte[] PseudoRandomCardChallenge(StaticKeys keys, ReadOnlySpan<byte> sequenceCounter, ReadOnlySpan<byte> securityDomain, int length) =>
        CounterModeKdf.Scp03(keys.Enc, CardChallengeConstant, length * 8, [.. sequenceCounter, .. securityDomain]);

    /// <summary>The full 16-byte C-MAC over the chaining value and the secured header (with Lc) and data; it is also the next chaining value.</summary>
    public byte[] CommandMac(ReadOnlySpan<byte> chaining, ReadOnlySpan<byte> headerAndData) => _mac.Compute([.. chaining, .. headerAndData]);

    /// <summary>The full 16-byte R-MAC over the command's chaining value, the response data as sent and the status word.</summary>
    public byte[] ResponseMac(ReadOnlySpan<byte> chaining, ReadOnlySpan<byte> data, byte sw1, byte sw2) => _rmac.Compute([.. chaining, .. data, sw1, sw2]);

    /// <summary>C-DECRYPTION (the host's encryption): padded, AES-CBC under S-ENC with ICV = AES(S-ENC, counter).</summary>
    public byte[] EncryptCommand(long counter, ReadOnlySpan<byte> data) => ZeroIvCbc.Encrypt(_encryptor, BlockPadding.Pad(data, 16), Icv(counter, 0x00));

    /// <summary>The card's side of C-DECRYPTION; null when the data is not whole blocks or its padding is wrong.</summary>
    public byte[]? DecryptCommand(long counter, ReadOnlySpan<byte> data) => Decrypt(counter, 0x00, data);

    /// <summary>R-ENCRYPTION (the card's side): padded, ICV = AES(S-ENC, 80 | counter).</summary>
    public byte[] EncryptResponse(long counter, ReadOnlySpan<byte> data) => ZeroIvCbc.Encrypt(_encryptor, BlockPadding.Pad(data, 16), Icv(counter, 0x80));

    /// <summary>The host's side of R-ENCRYPTION; null when the data is not whole blocks or its padding is wrong.</summary>
    public byte[]? DecryptResponse(long counter, ReadOnlySpan<byte> data) => Decrypt(counter, 0x80, data);

    private byte[]? Decrypt(long counter, byte first, ReadOnlySpan<byte> data)
    {
        if (data.Length == 0 || data.Length % 16 != 0)
        {
            return null;
        }
        var plain = ZeroIvCbc.Decrypt(_decryptor, data.ToArray(), Icv(counter, first));
        var length = BlockPadding.UnpaddedLength(plain);
        return length < 0 ? null : plain.AsSpan(0, length).ToArray();
    }

    private byte[] Icv(long counter, byte first)
    {
        var block = new byte[16];
        block[0] = first;
        for (var i = 15; i > 0 && counter != 0; i--, counter >>= 8)
        {
            block[i] = (byte)counter;
        }
        return _encryptor.TransformFinalBlock(block, 0, block.Length);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(MacKey);
        _mac.Dispose();
        _rmac.Dispose();
        _encryptor.Dispose();
        _decryptor.Dispose();
    }
}
