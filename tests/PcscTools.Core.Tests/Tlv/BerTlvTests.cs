using PcscTools.Bytes;
using PcscTools.Tlv;

namespace PcscTools.Tests.Tlv;

public sealed class BerTlvTests
{
    /// <summary>An issuer security domain's answer to SELECT, as GlobalPlatform cards give it.</summary>
    private const string IsdFci = "6F 10 84 08 A0 00 00 01 51 00 00 00 A5 04 9F 65 01 FF";

    [Fact]
    public void An_fci_parses_into_a_named_tree()
    {
        var tlv = BerTlv.Parse(Hex.Parse(IsdFci));

        Assert.True(tlv.IsComplete);
        var fci = Assert.Single(tlv);
        Assert.Equal(0x6Fu, fci.Tag.Value);
        Assert.True(fci.IsConstructed);
        Assert.Equal(TlvClass.Application, fci.Class);
        Assert.Equal("File control information (FCI)", fci.Name);
        Assert.Equal(16, fci.Length);
        Assert.Equal(2, fci.Children.Count);
        Assert.Equal("DF name", fci.Children[0].Name);
        Assert.Equal(new HexBytes("A0 00 00 01 51 00 00 00"), fci.Children[0].Value);
        Assert.Equal(2, fci.Children[0].Offset);
        var maxLength = fci.Find(0x9F65)!;
        Assert.Equal("Maximum length of command data field", maxLength.Name);
        Assert.Equal(TlvClass.ContextSpecific, maxLength.Class);
        Assert.Equal(14, maxLength.Offset);
        Assert.Equal(new HexBytes("FF"), maxLength.Value);
    }

    [Theory]
    [InlineData("E3 03 C5 01 9E", 0xE3u, 0xC5u, "Privileges")]
    [InlineData("E3 03 84 01 01", 0xE3u, 0x84u, "Executable module AID")]
    [InlineData("6F 03 84 01 01", 0x6Fu, 0x84u, "DF name")]
    [InlineData("62 04 80 02 01 00", 0x62u, 0x80u, "File size (data bytes)")]
    [InlineData("66 05 73 03 06 01 2A", 0x73u, 0x06u, "Card recognition data OID")]
    public void A_tag_is_named_by_the_template_it_is_in(string hex, uint parent, uint tag, string name)
    {
        var tlv = BerTlv.Parse(Hex.Parse(hex));

        var found = tlv.Find(parent)!.Find(tag)!;
        Assert.Equal(name, found.Name);
    }

    [Fact]
    public void Long_lengths_and_multi_byte_tags_are_read()
    {
        var value = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        byte[] bytes = [0x9F, 0x7F, 0x82, 0x01, 0x2C, .. value, 0x5F, 0x81, 0x01, 0x01, 0xAA];

        var tlv = BerTlv.Parse(bytes);

        Assert.True(tlv.IsComplete);
        Assert.Equal(300, tlv[0].Length);
        Assert.Equal(value, tlv[0].Value.ToArray());
        Assert.Equal(0x5F8101u, tlv[1].Tag.Value);
        Assert.Equal(3, tlv[1].Tag.Length);
        Assert.Equal(305, tlv[1].Offset);
    }

    [Fact]
    public void Padding_between_objects_is_skipped()
    {
        var tlv = BerTlv.Parse(Hex.Parse("00 00 4F 01 AA FF FF 50 01 41 00"));

        Assert.True(tlv.IsComplete);
        Assert.Equal([0x4Fu, 0x50u], tlv.Select(o => o.Tag.Value));
        Assert.Equal(7, tlv[1].Offset);
    }

    [Theory]
    // A length running past the end: the object before it is kept.
    [InlineData("4F 01 AA 50 05 41 42", 3, "tag 50 announces 5 value byte(s) but only 2 follow", "50 05 41 42")]
    // A multi-byte tag cut off.
    [InlineData("4F 01 AA 9F", 3, "the tag starting 9F is cut off: the data ends inside it", "9F")]
    // A tag with no length.
    [InlineData("4F 01 AA 50", 3, "tag 50 has no length: the data ends after the tag", "50")]
    // The indefinite length.
    [InlineData("4F 01 AA 70 80 4F 00 00 00", 3, "tag 70 has the indefinite length 80, which ISO/IEC 7816-4 does not allow", "70 80 4F 00 00 00")]
    // A length field announcing too many bytes.
    [InlineData("4F 85 01 02 03 04 05", 0, "tag 4F has a length field 85 announcing 5 length bytes (at most 4 are read)", "4F 85 01 02 03 04 05")]
    // A length field cut off.
    [InlineData("4F 82 01", 0, "tag 4F's length field 82 announces 2 length byte(s) but only 1 follow", "4F 82 01")]
    // A tag longer than four bytes.
    [InlineData("5F 81 82 83 84 01 AA", 0, "the tag starting 5F runs past 4 bytes", "5F 81 82 83 84 01 AA")]
    public void Broken_tlv_keeps_what_parses_and_says_where_and_why(string hex, int offset, string reason, string unparsed)
    {
        var tlv = BerTlv.Parse(Hex.Parse(hex));

        Assert.False(tlv.IsComplete);
        var problem = Assert.Single(tlv.Problems);
        Assert.Equal(offset, problem.Offset);
        Assert.Equal(reason, problem.Reason);
        Assert.Equal(new HexBytes(unparsed), problem.Unparsed);
        Assert.Equal("", problem.Path);
        Assert.Equal(offset == 0 ? 0 : 1, tlv.Count);
    }

    [Fact]
    public void A_broken_registry_entry_keeps_its_good_children_and_the_entries_around_it()
    {
        // The second E3's C5 says 3 bytes where one is left: the entry's AID and the third entry still parse.
        var tlv = BerTlv.Parse(Hex.Parse("E3 05 4F 03 A0 00 01  E3 07 4F 02 A0 02 C5 03 01  E3 03 4F 01 AA"));

        Assert.Equal(3, tlv.Count);
        var broken = tlv[1];
        Assert.Equal([0x4Fu], broken.Children.Select(c => c.Tag.Value));
        var problem = Assert.Single(tlv.Problems);
        Assert.Same(problem, broken.Problem);
        Assert.Equal(13, problem.Offset);
        Assert.Equal("E3", problem.Path);
        Assert.Equal("tag C5 announces 3 value byte(s) but only 1 follow", problem.Reason);
        Assert.Equal(new HexBytes("AA"), tlv[2].Find(0x4F)!.Value);
        Assert.Contains("At offset 13 (inside E3)", problem.ToString());
    }

    [Fact]
    public void Nothing_parses_to_an_empty_sequence()
    {
        var tlv = BerTlv.Parse([]);

        Assert.Empty(tlv);
        Assert.True(tlv.IsComplete);
    }

    [Fact]
    public void Built_objects_encode_with_the_shortest_length()
    {
        var registry = TlvObject.Constructed(new TlvTag(0xE3), [
            TlvObject.Primitive(new TlvTag(0x4F), Hex.Parse("A0 00 00 01 51")),
            TlvObject.Primitive(new TlvTag(0x9F70), [0x07]),
            TlvObject.Primitive(new TlvTag(0xC5), new byte[200]),
        ]);

        var encoded = registry.Encoded.ToArray();

        Assert.Equal(Hex.Parse("E3 81 D6 4F 05 A0 00 00 01 51 9F 70 01 07 C5 81 C8"), encoded[..17]);
        Assert.Equal(3 + 0xD6, encoded.Length);
        Assert.Equal("Privileges", registry.Children[2].Name);
        Assert.Equal(-1, registry.Offset);
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(127, "7F")]
    [InlineData(128, "81 80")]
    [InlineData(255, "81 FF")]
    [InlineData(256, "82 01 00")]
    [InlineData(65536, "83 01 00 00")]
    public void Length_fields_take_the_shortest_form(int length, string field)
    {
        var encoded = BerTlv.Encode(new TlvTag(0x53), new byte[length]);

        Assert.Equal(Hex.Parse("53 " + field), encoded[..(1 + field.Replace(" ", "").Length / 2)]);
    }

    [Fact]
    public void A_constructed_tag_given_bytes_parses_them_into_children()
    {
        var fci = TlvObject.Primitive(new TlvTag(0x6F), Hex.Parse("84 01 AA"));

        Assert.Equal("DF name", Assert.Single(fci.Children).Name);
    }

    [Fact]
    public void A_primitive_tag_cannot_hold_children()
    {
        var e = Assert.Throws<ArgumentException>(() => TlvObject.Constructed(new TlvTag(0x4F), []));

        Assert.Contains("primitive", e.Message);
    }

    [Theory]
    [InlineData("9F7F", 0x9F7Fu)]
    [InlineData("e3", 0xE3u)]
    [InlineData("0x5F2D", 0x5F2Du)]
    public void Tags_parse_from_hex(string text, uint value) => Assert.Equal(value, TlvTag.Parse(text).Value);

    [Theory]
    [InlineData("1F", "a one-byte tag cannot have b5-b1 all set")]
    [InlineData("4F01", "only a first byte with b5-b1 all set")]
    [InlineData("9F81", "every byte but the last has b8 set")]
    [InlineData("00", "padding")]
    [InlineData("004F", "starts with 00")]
    [InlineData("9F7F0102", "every byte but the last")]
    [InlineData("zz", "not a tag")]
    [InlineData("0102030405", "1 to 4 bytes")]
    public void Malformed_tags_are_refused_with_the_reason(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => TlvTag.Parse(text));

        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void The_tree_reads_as_people_write_tlv()
    {
        var tree = BerTlv.Parse(Hex.Parse(IsdFci + " 9F")).ToTree();

        Assert.Equal(
            """
            6F 10 -- File control information (FCI)
               84 08 -- DF name
                  A0 00 00 01 51 00 00 00
               A5 04 -- Proprietary information (FCI)
                  9F65 01 -- Maximum length of command data field
                       FF
            !! offset 18: the tag starting 9F is cut off: the data ends inside it; not parsed: 9F
            """.ReplaceLineEndings("\n"), tree);
    }
}
