using PcscTools.Bytes;

namespace PcscTools.Tlv;

/// <summary>
/// One BER-TLV data object: its tag, its value, and for a constructed tag the objects inside the value. Parsed from a
/// card's answer (<see cref="BerTlv.Parse"/>) or built (<see cref="Primitive"/>, <see cref="Constructed"/>) to be sent.
/// </summary>
public sealed class TlvObject
{
    private TlvObject(TlvTag tag, byte[] value, IReadOnlyList<TlvObject> children, int offset, TlvTag? context, TlvProblem? problem)
    {
        Tag = tag;
        Value = new HexBytes(value);
        Children = children;
        Offset = offset;
        Name = TlvNames.Find(context, tag);
        Problem = problem;
    }

    public TlvTag Tag { get; }

    public TlvClass Class => Tag.Class;

    public bool IsConstructed => Tag.IsConstructed;

    /// <summary>The number of value bytes.</summary>
    public int Length => Value.Length;

    /// <summary>The value bytes (for a constructed object, the encoded children).</summary>
    public HexBytes Value { get; }

    /// <summary>The objects inside a constructed object's value; empty for a primitive one.</summary>
    public IReadOnlyList<TlvObject> Children { get; }

    /// <summary>What ISO/IEC 7816-4, GlobalPlatform or EMV call this tag where it appears; null when it is not one they define.</summary>
    public string? Name { get; }

    /// <summary>Where the object's tag starts in the parsed bytes; -1 for an object that was built, not parsed.</summary>
    public int Offset { get; }

    /// <summary>Why part of a constructed object's value did not parse as TLV (the children before it are kept); null when all of it did.</summary>
    public TlvProblem? Problem { get; }

    /// <summary>The whole object as it is sent: tag, length (shortest definite form) and value.</summary>
    public HexBytes Encoded => new(BerTlv.Encode(Tag, Value.AsSpan()));

    /// <summary>An object from its tag and value bytes; a constructed tag's value is parsed into its children.</summary>
    public static TlvObject Primitive(TlvTag tag, ReadOnlySpan<byte> value) =>
        tag.IsConstructed ? Parse(tag, value) : new TlvObject(tag, value.ToArray(), [], -1, null, null);

    /// <summary>A constructed object holding <paramref name="children"/>; its value is their encodings, in order.</summary>
    public static TlvObject Constructed(TlvTag tag, IEnumerable<TlvObject> children)
    {
        if (!tag.IsConstructed)
        {
            throw new ArgumentException($"Tag {tag} is primitive (b6 of its first byte is 0); it cannot hold other objects.", nameof(tag));
        }
        var list = children.ToArray();
        var value = BerTlv.Encode(list);
        return new TlvObject(tag, value, list.Select(c => c.InContext(tag)).ToArray(), -1, null, null);
    }

    /// <summary>The first object with this tag among the children at any depth (depth first); null when there is none.</summary>
    public TlvObject? Find(uint tag) => FindIn(Children, tag);

    internal static TlvObject? FindIn(IReadOnlyList<TlvObject> objects, uint tag)
    {
        foreach (var o in objects)
        {
            if (o.Tag.Value == tag)
            {
                return o;
            }
            if (FindIn(o.Children, tag) is { } inside)
            {
                return inside;
            }
        }
        return null;
    }

    /// <summary>The object and its children as an indented tree, as people read TLV.</summary>
    public string ToTree() => TlvTreeText.Format([this], []);

    /// <summary>The same tree as a property, so that the tree view travels with a deserialised object.</summary>
    public string Tree => ToTree();

    public override string ToString() => $"{Tag} ({Length}){(Name is null ? "" : " " + Name)}: {Value}";

    internal static TlvObject FromParse(TlvTag tag, byte[] value, IReadOnlyList<TlvObject> children, int offset, TlvTag? context, TlvProblem? problem) =>
        new(tag, value, children, offset, context, problem);

    private static TlvObject Parse(TlvTag tag, ReadOnlySpan<byte> content)
    {
        var inside = BerTlv.Parse(content, tag);
        return new TlvObject(tag, content.ToArray(), inside.Objects, -1, null, inside.Problems.FirstOrDefault());
    }

    private TlvObject InContext(TlvTag parent) =>
        new(Tag, Value.ToArray(), Children.Select(c => c.InContext(Tag)).ToArray(), Offset, parent, Problem);
}
