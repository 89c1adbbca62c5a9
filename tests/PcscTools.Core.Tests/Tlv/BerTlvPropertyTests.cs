using CsCheck;
using PcscTools.Tlv;

namespace PcscTools.Tests.Tlv;

/// <summary>For any objects: encode → parse gives them back; for any bytes: parsing never throws and accounts for every byte.</summary>
public sealed class BerTlvPropertyTests
{
    private static readonly Gen<TlvTag> PrimitiveTag = Gen.OneOf(
        Gen.Byte.Where(b => (b & 0x20) == 0 && (b & 0x1F) != 0x1F && b != 0).Select(b => new TlvTag(b)),
        Gen.Byte[0x00, 0x7F].Where(b => b != 0).Select(b => new TlvTag(0x9F00u | b)));

    private static readonly Gen<TlvObject> Object = Gen.Recursive<TlvObject>((depth, inner) =>
        depth >= 3
            ? Gen.Select(PrimitiveTag, Gen.Byte.Array[0, 300]).Select((t, v) => TlvObject.Primitive(t, v))
            : Gen.Frequency(
                (3, Gen.Select(PrimitiveTag, Gen.Byte.Array[0, 300]).Select((t, v) => TlvObject.Primitive(t, v))),
                (1, inner.Array[0, 4].Select(children => TlvObject.Constructed(new TlvTag(0xE3), children)))));

    [Fact]
    public void Encoded_objects_parse_back_to_the_same_objects()
    {
        Object.Array[1, 4].Sample(objects =>
        {
            var bytes = BerTlv.Encode(objects);
            var parsed = BerTlv.Parse(bytes);
            Assert.True(parsed.IsComplete);
            Assert.Equal(bytes, BerTlv.Encode(parsed));
        }, iter: 2_000);
    }

    [Fact]
    public void Any_bytes_parse_without_throwing_and_problems_point_inside_the_input()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            var parsed = BerTlv.Parse(bytes);
            foreach (var problem in parsed.Problems)
            {
                Assert.InRange(problem.Offset, 0, bytes.Length - 1);
                Assert.Equal(bytes[problem.Offset..(problem.Offset + problem.Unparsed.Length)], problem.Unparsed.ToArray());
            }
            _ = parsed.ToTree();
        }, iter: 20_000);
    }
}
