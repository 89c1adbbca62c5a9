using System.Security.Cryptography;

namespace PcscTools.SecureChannel;

/// <summary>
/// A security domain's static keys (ENC, MAC, DEK). The bytes stay inside: ToString and errors name only roles and lengths.
/// Dispose clears them.
/// </summary>
public sealed class StaticKeys : IDisposable
{
    /// <summary>The GlobalPlatform test key 40 41 … 4F that cards ship with.</summary>
    public static ReadOnlySpan<byte> TestKey => [0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F];

    private readonly byte[] _enc;
    private readonly byte[] _mac;
    private readonly byte[] _dek;

    public StaticKeys(ReadOnlySpan<byte> enc, ReadOnlySpan<byte> mac, ReadOnlySpan<byte> dek)
    {
        _enc = Checked(enc, KeyRole.Enc);
        _mac = Checked(mac, KeyRole.Mac);
        _dek = Checked(dek, KeyRole.Dek);
        if (_mac.Length != _enc.Length || _dek.Length != _enc.Length)
        {
            throw new ArgumentException($"The keys of one set have one length; these are ENC {_enc.Length}, MAC {_mac.Length} and DEK {_dek.Length} bytes long.");
        }
    }

    /// <summary>One key used as ENC, MAC and DEK.</summary>
    public StaticKeys(ReadOnlySpan<byte> key)
        : this(key, key, key)
    {
    }

    public static StaticKeys CreateTestKeys() => new(TestKey);

    /// <summary>The length of the keys in bytes (all three have the same).</summary>
    public int Length => _enc.Length;

    internal ReadOnlySpan<byte> Enc => _enc;

    internal ReadOnlySpan<byte> Mac => _mac;

    internal ReadOnlySpan<byte> Dek => _dek;

    internal ReadOnlySpan<byte> this[KeyRole role] => role switch
    {
        KeyRole.Enc => _enc,
        KeyRole.Mac => _mac,
        _ => _dek,
    };

    /// <summary>Throws unless the keys fit <paramref name="protocol"/>: 16 bytes for SCP02 (two-key 3DES), 16, 24 or 32 for SCP03 (AES).</summary>
    public void CheckFits(SecureChannelProtocol protocol)
    {
        if (protocol == SecureChannelProtocol.Scp02 && Length != 16)
        {
            throw new ArgumentException($"The keys are {Length} bytes long; SCP02 takes 16-byte (two-key 3DES) keys.");
        }
    }

    /// <summary>The card keys derived from these master keys with <paramref name="method"/> and the card's key diversification data.</summary>
    public StaticKeys Diversify(KeyDiversification method, ReadOnlySpan<byte> diversificationData)
    {
        if (method == KeyDiversification.None)
        {
            return new StaticKeys(_enc, _mac, _dek);
        }
        if (method != KeyDiversification.Kdf3 && Length != 16)
        {
            throw new ArgumentException($"{method} diversification takes 16-byte 3DES master keys; these are {Length} bytes long.");
        }
        var enc = DiversifyOne(KeyRole.Enc, method, diversificationData);
        var mac = DiversifyOne(KeyRole.Mac, method, diversificationData);
        var dek = DiversifyOne(KeyRole.Dek, method, diversificationData);
        try
        {
            return new StaticKeys(enc, mac, dek);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(enc);
            CryptographicOperations.ZeroMemory(mac);
            CryptographicOperations.ZeroMemory(dek);
        }
    }

    private byte[] DiversifyOne(KeyRole role, KeyDiversification method, ReadOnlySpan<byte> kdd)
    {
        var master = this[role];
        if (method == KeyDiversification.Kdf3)
        {
            Span<byte> suffix = stackalloc byte[5 + kdd.Length];
            suffix[3] = (byte)role;
            kdd.CopyTo(suffix[5..]);
            return CounterModeKdf.Derive(master, ReadOnlySpan<byte>.Empty, suffix, master.Length);
        }
        // EMV CPS takes the last six bytes of the ten; VISA2 bytes 1–2 and 5–8.
        Span<byte> half = stackalloc byte[6];
        if (method == KeyDiversification.Emv)
        {
            kdd.Slice(4, 6).CopyTo(half);
        }
        else
        {
            kdd[..2].CopyTo(half);
            kdd.Slice(4, 4).CopyTo(half[2..]);
        }
        var block = new byte[16];
        half.CopyTo(block);
        block[6] = 0xF0;
        block[7] = (byte)role;
        half.CopyTo(block.AsSpan(8));
        block[14] = 0x0F;
        block[15] = (byte)role;
        return DesMac.EncryptTripleDesEcb(master, block);
    }

    private static byte[] Checked(ReadOnlySpan<byte> key, KeyRole role)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException($"The {role.ToString().ToUpperInvariant()} key is {key.Length} bytes long; give 16 bytes (3DES or AES-128), 24 (AES-192) or 32 (AES-256).");
        }
        return key.ToArray();
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_enc);
        CryptographicOperations.ZeroMemory(_mac);
        CryptographicOperations.ZeroMemory(_dek);
    }

    public override string ToString() => $"Static keys ENC, MAC, DEK ({Length * 8}-bit)";
}
