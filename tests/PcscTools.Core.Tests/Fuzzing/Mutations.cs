using CsCheck;

namespace PcscTools.Tests.Fuzzing;

/// <summary>
/// Bad input the way fuzzers make it: valid samples with one to four edits (a flipped bit, an interesting value,
/// bytes inserted, deleted, cut off or repeated), so that most inputs get past a parser's first checks.
/// </summary>
internal static class Mutations
{
    /// <summary>Bytes that sit on the edges of length and flag fields.</summary>
    public static readonly Gen<byte> InterestingByte = Gen.OneOf<byte>(Gen.Byte, Gen.OneOf<byte>(0x00, 0x01, 0x02, 0x0F, 0x10, 0x7F, 0x80, 0x81, 0xFE, 0xFF));

    /// <summary>Characters that text parsers treat specially, and some they should never meet.</summary>
    public static readonly Gen<char> InterestingChar = Gen.OneOf<char>(
        Gen.Char,
        Gen.Char['0', 'z'],
        Gen.OneOf(' ', '\t', '\r', '\n', '#', ';', ':', '-', '"', '\'', '\\', '/', '*', '?', 'x', 'X', 'g', '\0', '\u00A0', 'é', '\uFFFD'));

    public static Gen<byte[]> Of(IReadOnlyList<byte[]> samples) => Of(samples, InterestingByte);

    public static Gen<string> Of(IReadOnlyList<string> samples) =>
        Of(samples.Select(s => s.ToCharArray()).ToArray(), InterestingChar).Select(chars => new string(chars));

    /// <summary>Either random bytes up to <paramref name="maxLength"/> or a mutated sample, half and half.</summary>
    public static Gen<byte[]> RandomOrMutated(IReadOnlyList<byte[]> samples, int maxLength) =>
        Gen.Frequency<byte[]>((1, Gen.Byte.Array[0, maxLength]), (1, Of(samples)));

    private static Gen<T[]> Of<T>(IReadOnlyList<T[]> samples, Gen<T> values)
    {
        var edit = Gen.Select(Gen.Int[0, 5], Gen.Int[0, int.MaxValue], Gen.Int[1, 16], values);
        return Gen.Select(Gen.Int[0, samples.Count - 1], edit.Array[1, 4])
            .Select((index, edits) => edits.Aggregate(samples[index], Apply));
    }

    private static T[] Apply<T>(T[] input, (int Kind, int At, int Length, T Value) edit)
    {
        var list = new List<T>(input);
        var at = edit.At % (list.Count + 1);
        var length = Math.Min(edit.Length, list.Count - at);
        switch (edit.Kind)
        {
            case 0 when list.Count > 0:
                list[at % list.Count] = edit.Value;
                break;
            case 1:
                list.InsertRange(at, Enumerable.Repeat(edit.Value, edit.Length));
                break;
            case 2:
                list.RemoveRange(at, length);
                break;
            case 3:
                list.RemoveRange(at, list.Count - at);
                break;
            case 4:
                list.InsertRange(at, list.GetRange(at, length));
                break;
            case 5 when list.Count > 1:
                (list[at % list.Count], list[(at + 1) % list.Count]) = (list[(at + 1) % list.Count], list[at % list.Count]);
                break;
        }
        return list.ToArray();
    }
}
