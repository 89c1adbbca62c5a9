namespace PcscTools.SecureChannel;

/// <summary>
/// NIST SP 800-108 key derivation in counter mode with AES-CMAC as the PRF: block i is CMAC(K, prefix | i | suffix), i from 1,
/// one byte. SCP03 puts its label and length in the prefix and the context in the suffix; GlobalPlatformPro's KDF3
/// diversification has an empty prefix.
/// </summary>
public static class CounterModeKdf
{
    public static byte[] Derive(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> suffix, int length)
    {
        using var cmac = new AesCmac(key);
        var output = new byte[length];
        var input = new byte[prefix.Length + 1 + suffix.Length];
        prefix.CopyTo(input);
        suffix.CopyTo(input.AsSpan(prefix.Length + 1));
        for (int counter = 1, at = 0; at < length; counter++, at += AesCmac.Length)
        {
            input[prefix.Length] = (byte)counter;
            var block = cmac.Compute(input);
            block.AsSpan(0, Math.Min(AesCmac.Length, length - at)).CopyTo(output.AsSpan(at));
        }
        return output;
    }

    /// <summary>SCP03's derivation (Amendment D 4.1.5): 11 zero bytes, the derivation constant, 00, L in bits (two bytes), the counter, the context.</summary>
    public static byte[] Scp03(ReadOnlySpan<byte> key, byte constant, int lengthBits, ReadOnlySpan<byte> context)
    {
        Span<byte> label = stackalloc byte[15];
        label[11] = constant;
        label[13] = (byte)(lengthBits >> 8);
        label[14] = (byte)lengthBits;
        return Derive(key, label, context, lengthBits / 8);
    }
}
