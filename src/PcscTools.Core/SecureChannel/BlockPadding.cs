namespace PcscTools.SecureChannel;

/// <summary>ISO/IEC 9797-1 padding method 2: 80 then zeros up to a whole number of blocks (always at least one byte added).</summary>
public static class BlockPadding
{
    public static byte[] Pad(ReadOnlySpan<byte> data, int blockSize)
    {
        var padded = new byte[(data.Length / blockSize + 1) * blockSize];
        data.CopyTo(padded);
        padded[data.Length] = 0x80;
        return padded;
    }

    /// <summary>The length of the data before its padding, or -1 when the padding is not 80 00…</summary>
    public static int UnpaddedLength(ReadOnlySpan<byte> padded)
    {
        for (var i = padded.Length - 1; i >= 0; i--)
        {
            if (padded[i] == 0x80)
            {
                return i;
            }
            if (padded[i] != 0)
            {
                return -1;
            }
        }
        return -1;
    }
}
