using System.Text;
using PcscTools.Bytes;

namespace PcscTools.Tlv;

/// <summary>
/// TLV as people read it: one object per line, tag and length then its name; a primitive value on the lines below, 16
/// bytes a line; children indented under their parent; a problem where it happened, with its offset.
/// </summary>
internal static class TlvTreeText
{
    private const string Indent = "   ";
    private const int BytesPerLine = 16;

    public static string Format(IReadOnlyList<TlvObject> objects, IReadOnlyList<TlvProblem> problems)
    {
        var text = new StringBuilder();
        foreach (var o in objects)
        {
            Append(text, o, 0);
        }
        // Problems inside objects are written under them; only a top-level one is left for the end.
        foreach (var problem in problems.Where(p => p.Path.Length == 0))
        {
            AppendProblem(text, problem, 0);
        }
        return text.ToString().TrimEnd('\n');
    }

    private static void Append(StringBuilder text, TlvObject o, int depth)
    {
        var indent = string.Concat(Enumerable.Repeat(Indent, depth));
        var head = $"{indent}{o.Tag} {LengthField(o.Length)}";
        text.Append(head);
        if (o.Name is not null)
        {
            text.Append(" -- ").Append(o.Name);
        }
        text.Append('\n');
        if (o.IsConstructed && (o.Children.Count > 0 || o.Problem is not null))
        {
            foreach (var child in o.Children)
            {
                Append(text, child, depth + 1);
            }
            if (o.Problem is not null)
            {
                AppendProblem(text, o.Problem, depth + 1);
            }
            return;
        }
        var valueIndent = indent + new string(' ', o.Tag.ToString().Length + 1);
        var value = o.Value.AsSpan();
        for (var at = 0; at < value.Length; at += BytesPerLine)
        {
            text.Append(valueIndent).Append(Hex.Format(value.Slice(at, Math.Min(BytesPerLine, value.Length - at)))).Append('\n');
        }
    }

    private static void AppendProblem(StringBuilder text, TlvProblem problem, int depth) =>
        text.Append(string.Concat(Enumerable.Repeat(Indent, depth))).Append("!! offset ").Append(problem.Offset).Append(": ").Append(problem.Reason)
            .Append("; not parsed: ").Append(problem.Unparsed).Append('\n');

    private static string LengthField(int length) => Hex.Format(BerTlv.EncodeLength(length));
}
