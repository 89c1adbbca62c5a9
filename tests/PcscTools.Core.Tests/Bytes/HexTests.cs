using PcscTools.Bytes;

namespace PcscTools.Tests.Bytes;

public sealed class HexTests
{
    [Theory]
    [InlineData("3B 80 80 01 01")]
    [InlineData("3b8080 0101")]
    [InlineData("0x3B80800101")]
    [InlineData("3B:80:80:01:01")]
    [InlineData("  3B-80-80-01-01  ")]
    public void Parses_the_ways_people_write_hex(string text)
    {
        Assert.Equal(new byte[] { 0x3B, 0x80, 0x80, 0x01, 0x01 }, Hex.Parse(text));
    }

    [Theory]
    [InlineData("3B 8", "odd number of hex digits (3)")]
    [InlineData("3B 8G", "'G' at position 5 is not a hex digit")]
    public void Rejects_bad_hex_naming_the_problem_and_the_text(string text, string problem)
    {
        var error = Assert.Throws<HexFormatException>(() => Hex.Parse(text));
        Assert.Equal(text, error.Text);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Formats_uppercase_pairs_with_a_chosen_separator()
    {
        Assert.Equal("00 A4 FF", Hex.Format(new byte[] { 0x00, 0xA4, 0xFF }));
        Assert.Equal("00A4FF", Hex.Format(new byte[] { 0x00, 0xA4, 0xFF }, ""));
        Assert.Equal("", Hex.Format(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void HexBytes_compares_with_bytes_text_and_itself()
    {
        var atr = new HexBytes("3B 80 80 01 01");
        Assert.Equal("3B 80 80 01 01", atr.ToString());
        Assert.Equal("3B80800101", atr.Hex);
        Assert.True(atr.Equals("3b8080 0101"));
        Assert.True(atr.Equals(new byte[] { 0x3B, 0x80, 0x80, 0x01, 0x01 }));
        Assert.Equal(atr, HexBytes.Parse("3B80800101"));
        Assert.Equal(atr.GetHashCode(), HexBytes.Parse("3B80800101").GetHashCode());
        Assert.False(atr.Equals("3B 80"));
        Assert.False(atr.Equals("not hex"));
    }

    [Fact]
    public void HexBytes_is_immutable()
    {
        var source = new byte[] { 1, 2 };
        var value = new HexBytes(source);
        source[0] = 9;
        byte[] copy = value;
        copy[1] = 9;
        Assert.Equal("01 02", value.ToString());
    }
}
