using PcscTools.Apdu;
using PcscTools.Bytes;

namespace PcscTools.Tests.Bytes;

public sealed class HexPatternTests
{
    [Theory]
    [InlineData("00 A4 04 00", "00A40400", true)]
    [InlineData("00 A4 04 00", "00A4040000", false)]
    [InlineData("00 A4 ?? 0?", "00A4020C", true)]
    [InlineData("00 A4 ?? 0?", "00A4021C", false)]
    [InlineData("80 CA*", "80CA9F7F00", true)]
    [InlineData("80 CA*", "80", false)]
    [InlineData("*", "", true)]
    [InlineData("6?C?", "63C2", true)]
    [InlineData("6?C?", "63D2", false)]
    public void Matches_each_digit_or_wildcard(string pattern, string bytes, bool matches)
    {
        Assert.Equal(matches, new HexPattern(pattern).Matches(Hex.Parse(bytes)));
    }

    [Theory]
    [InlineData("00 A", "odd number of digits (3)")]
    [InlineData("00 AG", "'G' is neither a hex digit nor '?'")]
    public void Rejects_what_is_not_a_pattern(string pattern, string problem)
    {
        var error = Assert.Throws<HexFormatException>(() => new HexPattern(pattern));
        Assert.Equal(pattern, error.Text);
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData("9000", 0x9000, true)]
    [InlineData("61??", 0x6110, true)]
    [InlineData("63C?", 0x63C3, true)]
    [InlineData("63C?", 0x6383, false)]
    public void Status_patterns_are_four_digit_hex_patterns(string pattern, int statusWord, bool matches)
    {
        Assert.Equal(matches, new StatusPattern(pattern).Matches((ushort)statusWord));
    }

    [Theory]
    [InlineData("900", "needs four hex digits")]
    [InlineData("900*", "odd number of digits (3)")]
    [InlineData("90*0", "'*' is neither a hex digit nor '?'")]
    [InlineData("XX00", "'X' is neither a hex digit nor '?'")]
    public void A_status_pattern_needs_exactly_four_digits(string pattern, string problem)
    {
        Assert.Contains(problem, Assert.Throws<FormatException>(() => new StatusPattern(pattern)).Message);
    }
}
