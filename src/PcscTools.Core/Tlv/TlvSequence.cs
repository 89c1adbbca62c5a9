using System.Collections;

namespace PcscTools.Tlv;

/// <summary>
/// What BER-TLV parsing found: the objects that parsed, in order, and the problems that stopped it, each with its offset.
/// Enumerates the top-level objects.
/// </summary>
public sealed class TlvSequence : IReadOnlyList<TlvObject>
{
    internal TlvSequence(IReadOnlyList<TlvObject> objects, IReadOnlyList<TlvProblem> problems)
    {
        Objects = objects;
        Problems = problems;
    }

    public static TlvSequence Empty { get; } = new([], []);

    public IReadOnlyList<TlvObject> Objects { get; }

    /// <summary>Every place, at any depth, where the bytes stopped being TLV; empty when everything parsed.</summary>
    public IReadOnlyList<TlvProblem> Problems { get; }

    public bool IsComplete => Problems.Count == 0;

    public int Count => Objects.Count;

    public TlvObject this[int index] => Objects[index];

    /// <summary>The first object with this tag at any depth, depth first; null when there is none.</summary>
    public TlvObject? Find(uint tag) => TlvObject.FindIn(Objects, tag);

    public IEnumerator<TlvObject> GetEnumerator() => Objects.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The objects as an indented tree, one per line, problems where they occur.</summary>
    public string ToTree() => TlvTreeText.Format(Objects, Problems);

    public override string ToString() => string.Join(" ", Objects.Select(o => o.Encoded.ToString()));
}
