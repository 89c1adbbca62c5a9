using System.Security.Cryptography;

namespace PcscTools.SecureChannel;

/// <summary>
/// AES-CBC transforms made once per key, with a zero IV and no padding: reused for every message (a transform returns to
/// its IV after each final block), so a command or answer sets up no cipher of its own. Another IV is folded into the
/// first block, which CBC defines that way: encrypting with IV v is encrypting (P1 ⊕ v, P2, …) with a zero IV, and
/// decrypting with IV v is decrypting with a zero IV and then P1 ⊕ v. One block under a zero IV is AES itself (ECB).
/// </summary>
internal static class ZeroIvCbc
{
    public const int BlockLength = 16;

    public static ICryptoTransform Encryptor(ReadOnlySpan<byte> key) => Create(key, encrypt: true);

    public static ICryptoTransform Decryptor(ReadOnlySpan<byte> key) => Create(key, encrypt: false);

    /// <summary>AES-CBC of <paramref name="blocks"/> (whole blocks) with <paramref name="iv"/>, through a zero-IV encryptor.</summary>
    public static byte[] Encrypt(ICryptoTransform encryptor, byte[] blocks, ReadOnlySpan<byte> iv)
    {
        Xor(blocks.AsSpan(0, BlockLength), iv);
        return encryptor.TransformFinalBlock(blocks, 0, blocks.Length);
    }

    /// <summary>AES-CBC decryption of <paramref name="blocks"/> (whole blocks) with <paramref name="iv"/>, through a zero-IV decryptor.</summary>
    public static byte[] Decrypt(ICryptoTransform decryptor, byte[] blocks, ReadOnlySpan<byte> iv)
    {
        var plain = decryptor.TransformFinalBlock(blocks, 0, blocks.Length);
        Xor(plain.AsSpan(0, BlockLength), iv);
        return plain;
    }

    private static ICryptoTransform Create(ReadOnlySpan<byte> key, bool encrypt)
    {
        using var aes = Aes.Create();
        aes.Mode = CipherMode.CBC;
        aes.Padding = PaddingMode.None;
        var keyBytes = key.ToArray();
        try
        {
            return encrypt ? aes.CreateEncryptor(keyBytes, new byte[BlockLength]) : aes.CreateDecryptor(keyBytes, new byte[BlockLength]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyBytes);
        }
    }

    private static void Xor(Span<byte> block, ReadOnlySpan<byte> with)
    {
        for (var i = 0; i < BlockLength; i++)
        {
            block[i] ^= with[i];
        }
    }
}
