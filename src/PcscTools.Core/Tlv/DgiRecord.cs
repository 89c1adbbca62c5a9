using PcscTools.Bytes;

namespace PcscTools.Tlv;

/// <summary>
/// One Data Grouping Identifier record (EMV Card Personalisation Specification), the unit STORE DATA carries: a two-byte
/// DGI, a length of one byte (up to 254) or FF and two bytes, and the data.
/// </summary>
public sealed class DgiRecord
{
    public DgiRecord(ushort dgi, ReadOnlySpan<byte> value)
    {
        Dgi = dgi;
        Value = new HexBytes(value);
    }

    public ushort Dgi { get; }

    public HexBytes Value { get; }

    public int Length => Value.Length;

    /// <summary>The record as STORE DATA sends it.</summary>
    public HexBytes Encoded => new(Encode([this]));

    /// <summary>The records one after another.</summary>
    public static byte[] Encode(IEnumerable<DgiRecord> records)
    {
        var output = new List<byte>();
        foreach (var r in records)
        {
            output.Add((byte)(r.Dgi >> 8));
            output.Add((byte)r.Dgi);
            if (r.Length < 0xFF)
            {
                output.Add((byte)r.Length);
            }
            else
            {
                if (r.Length > 0xFFFF)
                {
                    throw new ArgumentException($"DGI {r.Dgi:X4} holds {r.Length:N0} bytes; a DGI record holds at most 65,535.", nameof(records));
                }
                output.AddRange([0xFF, (byte)(r.Length >> 8), (byte)r.Length]);
            }
            output.AddRange(r.Value.AsSpan());
        }
        return output.ToArray();
    }

    /// <summary>Reads records until the bytes end or stop being records; <paramref name="problem"/> says where and why.</summary>
    public static IReadOnlyList<DgiRecord> Parse(ReadOnlySpan<byte> bytes, out TlvProblem? problem)
    {
        problem = null;
        var records = new List<DgiRecord>();
        var at = 0;
        while (at < bytes.Length)
        {
            var start = at;
            string? reason = null;
            var length = 0;
            if (bytes.Length - at < 3)
            {
                reason = "a DGI record needs at least three bytes (DGI and length)";
            }
            else
            {
                length = bytes[at + 2];
                at += 3;
                if (length == 0xFF)
                {
                    if (bytes.Length - at < 2)
                    {
                        reason = "the length FF announces two more length bytes, which are missing";
                    }
                    else
                    {
                        length = (bytes[at] << 8) | bytes[at + 1];
                        at += 2;
                    }
                }
                if (reason is null && length > bytes.Length - at)
                {
                    reason = $"DGI {bytes[start]:X2}{bytes[start + 1]:X2} announces {length} byte(s) but only {bytes.Length - at} follow";
                }
            }
            if (reason is not null)
            {
                problem = new TlvProblem(start, "", reason, bytes[start..]);
                break;
            }
            records.Add(new DgiRecord((ushort)((bytes[start] << 8) | bytes[start + 1]), bytes.Slice(at, length)));
            at += length;
        }
        return records;
    }

    public override string ToString() => $"{Dgi:X4} ({Length}): {Value}";
}
