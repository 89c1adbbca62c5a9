using System.Security.Cryptography;

namespace PcscTools.SecureChannel;

/// <summary>The DES-based MACs and ciphers of SCP02, over .NET's DES and TripleDES (two-key, 16-byte keys).</summary>
public static class DesMac
{
    public const int BlockSize = 8;

    /// <summary>ISO 9797-1 MAC algorithm 1 with 3DES throughout (full 3DES CBC-MAC), padding method 2: SCP02's cryptograms.</summary>
    public static byte[] FullTripleDes(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> icv)
    {
        var cipher = EncryptTripleDesCbc(key, BlockPadding.Pad(data, BlockSize), icv);
        return cipher.AsSpan(cipher.Length - BlockSize).ToArray();
    }

    /// <summary>ISO 9797-1 MAC algorithm 3 (retail MAC), padding method 2: single DES CBC under the key's first half, 3DES on the last block.</summary>
    public static byte[] Retail(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> icv)
    {
        var padded = BlockPadding.Pad(data, BlockSize);
        var chaining = icv.ToArray();
        if (padded.Length > BlockSize)
        {
            using var des = Des(key[..BlockSize]);
            var head = des.EncryptCbc(padded.AsSpan(0, padded.Length - BlockSize), chaining, PaddingMode.None);
            chaining = head.AsSpan(head.Length - BlockSize).ToArray();
        }
        return EncryptTripleDesCbc(key, padded.AsSpan(padded.Length - BlockSize), chaining);
    }

    /// <summary>DES-ECB of one block under the key's first half: SCP02's ICV encryption.</summary>
    public static byte[] EncryptSingleDesBlock(ReadOnlySpan<byte> key, ReadOnlySpan<byte> block)
    {
        using var des = Des(key[..BlockSize]);
        return des.EncryptEcb(block, PaddingMode.None);
    }

    public static byte[] EncryptTripleDesCbc(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> icv)
    {
        using var des3 = TripleDes(key);
        return des3.EncryptCbc(data, icv, PaddingMode.None);
    }

    public static byte[] DecryptTripleDesCbc(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> icv)
    {
        using var des3 = TripleDes(key);
        return des3.DecryptCbc(data, icv, PaddingMode.None);
    }

    public static byte[] EncryptTripleDesEcb(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        using var des3 = TripleDes(key);
        return des3.EncryptEcb(data, PaddingMode.None);
    }

    private static TripleDES TripleDes(ReadOnlySpan<byte> key)
    {
        // Two-key 3DES as its three-key equivalent K1 K2 K1: OpenSSL 3 refuses 16-byte keys.
        var des3 = TripleDES.Create();
        des3.Key = key.Length == 16 ? [.. key, .. key[..BlockSize]] : key.ToArray();
        return des3;
    }

    private static DES Des(ReadOnlySpan<byte> key)
    {
        var des = DES.Create();
        des.Key = key.ToArray();
        return des;
    }
}
