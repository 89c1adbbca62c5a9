using PcscTools.Bytes;
using PcscTools.Tlv;

namespace PcscTools.Tests.Tlv;

public sealed class DgiRecordTests
{
    [Fact]
    public void Short_records_have_a_one_byte_length_and_long_ones_ff_and_two_bytes()
    {
        var records = new[] { new DgiRecord(0x0101, Hex.Parse("01 02 03")), new DgiRecord(0x8201, new byte[300]), new DgiRecord(0x0202, new byte[254]) };

        var encoded = DgiRecord.Encode(records);

        Assert.Equal(Hex.Parse("01 01 03 01 02 03 82 01 FF 01 2C"), encoded[..11]);
        Assert.Equal(Hex.Parse("02 02 FE"), encoded[311..314]);
        Assert.Equal(3 + 3 + 5 + 300 + 3 + 254, encoded.Length);
    }

    [Fact]
    public void Records_parse_back()
    {
        var records = new[] { new DgiRecord(0x0101, Hex.Parse("01 02 03")), new DgiRecord(0x8201, Enumerable.Range(0, 300).Select(i => (byte)i).ToArray()) };

        var parsed = DgiRecord.Parse(DgiRecord.Encode(records), out var problem);

        Assert.Null(problem);
        Assert.Equal(records.Select(r => (r.Dgi, r.Value)), parsed.Select(r => (r.Dgi, r.Value)));
    }

    [Theory]
    [InlineData("01 01 02 AA BB 02 02 05 CC", 5, "DGI 0202 announces 5 byte(s) but only 1 follow")]
    [InlineData("01 01 02 AA BB 02", 5, "a DGI record needs at least three bytes (DGI and length)")]
    [InlineData("01 01 FF 01", 0, "the length FF announces two more length bytes, which are missing")]
    public void Broken_records_keep_what_parses_and_say_where(string hex, int offset, string reason)
    {
        var parsed = DgiRecord.Parse(Hex.Parse(hex), out var problem);

        Assert.Equal(offset == 0 ? 0 : 1, parsed.Count);
        Assert.Equal(offset, problem!.Offset);
        Assert.Equal(reason, problem.Reason);
    }

    [Fact]
    public void A_record_over_65535_bytes_is_refused()
    {
        Assert.Throws<ArgumentException>(() => DgiRecord.Encode([new DgiRecord(0x0101, new byte[65536])]));
    }
}
