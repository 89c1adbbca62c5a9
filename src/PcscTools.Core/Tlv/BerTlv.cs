namespace PcscTools.Tlv;

/// <summary>
/// BER-TLV as smart cards use it (ISO/IEC 7816-4 §6.3): parsing that keeps what parses and says where and why the rest
/// does not, and encoding with the shortest definite length.
/// </summary>
public static class BerTlv
{
    /// <summary>The longest length field read: 84 and four bytes.</summary>
    private const int MaxLengthBytes = 4;

    /// <summary>
    /// Parses a sequence of objects. 00 and FF bytes between objects are skipped as ISO/IEC 7816-4 allows (erased or padded data).
    /// Bytes that are not TLV end the sequence they are in with a <see cref="TlvProblem"/>; the objects before them are kept.
    /// </summary>
    public static TlvSequence Parse(ReadOnlySpan<byte> bytes) => Parse(bytes, null);

    internal static TlvSequence Parse(ReadOnlySpan<byte> bytes, TlvTag? context)
    {
        if (bytes.IsEmpty)
        {
            return TlvSequence.Empty;
        }
        var problems = new List<TlvProblem>();
        var objects = ParseSequence(bytes, 0, context, "", problems);
        return new TlvSequence(objects, problems);
    }

    private static List<TlvObject> ParseSequence(ReadOnlySpan<byte> bytes, int baseOffset, TlvTag? context, string path, List<TlvProblem> problems)
    {
        var objects = new List<TlvObject>();
        var at = 0;
        while (at < bytes.Length)
        {
            if (bytes[at] is 0x00 or 0xFF)
            {
                at++;
                continue;
            }
            var start = at;
            var length = 0;
            var reason = ReadTag(bytes, ref at, out var tag) ?? ReadLength(bytes, ref at, tag, out length);
            if (reason is null && length > bytes.Length - at)
            {
                reason = $"tag {tag} announces {length} value byte(s) but only {bytes.Length - at} follow";
            }
            if (reason is not null)
            {
                problems.Add(new TlvProblem(baseOffset + start, path, reason, bytes[start..]));
                break;
            }
            var value = bytes.Slice(at, length);
            IReadOnlyList<TlvObject> children = [];
            TlvProblem? problem = null;
            if (tag.IsConstructed)
            {
                var before = problems.Count;
                children = ParseSequence(value, baseOffset + at, tag, path.Length == 0 ? tag.ToString() : $"{path}/{tag}", problems);
                problem = problems.Count > before ? problems[before] : null;
            }
            objects.Add(TlvObject.FromParse(tag, value.ToArray(), children, baseOffset + start, context, problem));
            at += length;
        }
        return objects;
    }

    /// <summary>Reads a tag at <paramref name="at"/>; returns why it cannot, or null.</summary>
    private static string? ReadTag(ReadOnlySpan<byte> bytes, ref int at, out TlvTag tag)
    {
        tag = default;
        uint value = bytes[at++];
        if ((value & 0x1F) == 0x1F)
        {
            var length = 1;
            byte next;
            do
            {
                if (at >= bytes.Length)
                {
                    return $"the tag starting {value >> (8 * (length - 1)):X2} is cut off: the data ends inside it";
                }
                if (length == TlvTag.MaxLength)
                {
                    return $"the tag starting {value >> (8 * (length - 1)):X2} runs past {TlvTag.MaxLength} bytes";
                }
                next = bytes[at++];
                value = (value << 8) | next;
                length++;
            }
            while ((next & 0x80) != 0);
        }
        tag = new TlvTag(value);
        return null;
    }

    /// <summary>Reads a definite length at <paramref name="at"/>; returns why it cannot, or null.</summary>
    private static string? ReadLength(ReadOnlySpan<byte> bytes, ref int at, TlvTag tag, out int length)
    {
        length = 0;
        if (at >= bytes.Length)
        {
            return $"tag {tag} has no length: the data ends after the tag";
        }
        var first = bytes[at++];
        if (first < 0x80)
        {
            length = first;
            return null;
        }
        if (first == 0x80)
        {
            return $"tag {tag} has the indefinite length 80, which ISO/IEC 7816-4 does not allow";
        }
        var count = first & 0x7F;
        if (count > MaxLengthBytes)
        {
            return $"tag {tag} has a length field {first:X2} announcing {count} length bytes (at most {MaxLengthBytes} are read)";
        }
        if (count > bytes.Length - at)
        {
            return $"tag {tag}'s length field {first:X2} announces {count} length byte(s) but only {bytes.Length - at} follow";
        }
        long value = 0;
        for (var i = 0; i < count; i++)
        {
            value = (value << 8) | bytes[at++];
        }
        if (value > int.MaxValue)
        {
            return $"tag {tag} announces {value} value bytes, more than any card sends";
        }
        length = (int)value;
        return null;
    }

    /// <summary>The encoding of a sequence of objects, one after another.</summary>
    public static byte[] Encode(IEnumerable<TlvObject> objects)
    {
        var output = new List<byte>();
        foreach (var o in objects)
        {
            output.AddRange(Encode(o.Tag, o.Value.AsSpan()));
        }
        return output.ToArray();
    }

    /// <summary>Tag, the shortest definite length, value.</summary>
    public static byte[] Encode(TlvTag tag, ReadOnlySpan<byte> value)
    {
        var length = EncodeLength(value.Length);
        var bytes = new byte[tag.Length + length.Length + value.Length];
        tag.WriteTo(bytes);
        length.CopyTo(bytes, tag.Length);
        value.CopyTo(bytes.AsSpan(tag.Length + length.Length));
        return bytes;
    }

    /// <summary>The shortest definite length field for <paramref name="length"/> value bytes.</summary>
    internal static byte[] EncodeLength(int length)
    {
        var size = LengthFieldSize(length);
        if (size == 1)
        {
            return [(byte)length];
        }
        var field = new byte[size];
        field[0] = (byte)(0x80 | (size - 1));
        for (var i = 1; i < size; i++)
        {
            field[i] = (byte)(length >> (8 * (size - 1 - i)));
        }
        return field;
    }

    /// <summary>The length field's size: one byte up to 127, then 81 xx, 82 xxxx, 83 xxxxxx, 84 xxxxxxxx.</summary>
    private static int LengthFieldSize(int length) => length switch
    {
        < 0x80 => 1,
        <= 0xFF => 2,
        <= 0xFFFF => 3,
        <= 0xFFFFFF => 4,
        _ => 5,
    };
}
