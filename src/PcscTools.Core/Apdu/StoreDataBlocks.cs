using PcscTools.Tlv;

namespace PcscTools.Apdu;

/// <summary>
/// GlobalPlatform STORE DATA (80 E2) numbers its own blocks (Card Specification §11.11): P1 b8 marks the last block,
/// P1 b6-b4 say how the data is structured, P2 counts the blocks from 00. Personalisation data of any size is cut into
/// blocks here, before any secure channel wraps each one.
/// </summary>
public static class StoreDataBlocks
{
    public const byte Ins = 0xE2;
    public const byte LastBlock = 0x80;

    /// <summary>P1 b6-b4 for DGI records (EMV CPS), the usual personalisation format.</summary>
    public const byte DgiFormat = 0x20;

    /// <summary>P1 b6-b4 for BER-TLV.</summary>
    public const byte TlvFormat = 0x10;

    /// <summary>
    /// Leaves room in a 255-byte command for an 8-byte MAC after padding to 16 bytes (a wrapped block still fits). With a
    /// session at hand, its <see cref="Sessions.CardSession.MaxBlockLength"/> says exactly how much its channel leaves.
    /// </summary>
    public const int DefaultBlockLength = 239;

    /// <summary>
    /// Blocks of <paramref name="blockLength"/> bytes of <paramref name="data"/>, in order. <paramref name="structure"/> is
    /// P1's b7-b1 (e.g. <see cref="DgiFormat"/>); b8 is set on the last block.
    /// </summary>
    public static IReadOnlyList<CommandApdu> Split(ReadOnlySpan<byte> data, byte structure, int blockLength = DefaultBlockLength)
    {
        CheckBlockLength(blockLength);
        var blocks = new List<byte[]>();
        for (var at = 0; at < data.Length || blocks.Count == 0; at += blockLength)
        {
            blocks.Add(data.Slice(at, Math.Min(blockLength, data.Length - at)).ToArray());
        }
        return Commands(blocks, structure, blockLength);
    }

    /// <summary>
    /// DGI records packed into blocks: a record that fits in a block is never split (it starts a new block when the current
    /// one has no room left); a record longer than a block fills the current one and runs on into the next (EMV CPS allows
    /// a DGI to span commands).
    /// </summary>
    public static IReadOnlyList<CommandApdu> SplitRecords(IEnumerable<DgiRecord> records, int blockLength = DefaultBlockLength)
    {
        CheckBlockLength(blockLength);
        var blocks = new List<byte[]>();
        var current = new List<byte>();
        foreach (var record in records)
        {
            var encoded = record.Encoded.AsSpan();
            if (encoded.Length <= blockLength && current.Count + encoded.Length > blockLength)
            {
                blocks.Add(current.ToArray());
                current.Clear();
            }
            while (current.Count + encoded.Length > blockLength)
            {
                var room = blockLength - current.Count;
                current.AddRange(encoded[..room]);
                encoded = encoded[room..];
                blocks.Add(current.ToArray());
                current.Clear();
            }
            current.AddRange(encoded);
        }
        if (current.Count > 0 || blocks.Count == 0)
        {
            blocks.Add(current.ToArray());
        }
        return Commands(blocks, DgiFormat, blockLength);
    }

    private static void CheckBlockLength(int blockLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockLength, CommandChaining.MaxBlockLength);
    }

    private static IReadOnlyList<CommandApdu> Commands(List<byte[]> blocks, byte structure, int blockLength)
    {
        if (blocks.Count > 256)
        {
            throw new ArgumentException($"The data needs {blocks.Count} STORE DATA blocks of {blockLength} bytes; P2 numbers at most 256. Send it in several calls.", nameof(blocks));
        }
        return blocks.Select((block, i) => new CommandApdu(0x80, Ins, (byte)((structure & 0x7F) | (i == blocks.Count - 1 ? LastBlock : 0)), (byte)i, block)).ToArray();
    }
}
