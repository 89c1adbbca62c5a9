using PcscTools.Apdu;

namespace PcscTools.Tests.Apdu;

public sealed class StatusWordTests
{
    [Theory]
    [InlineData(0x90, 0x00, "Success: normal processing")]
    [InlineData(0x6A, 0x82, "file or application not found")]
    [InlineData(0x61, 0x10, "16 more byte(s) available")]
    [InlineData(0x61, 0x00, "256 more byte(s) available")]
    [InlineData(0x6C, 0x20, "the card has 32 byte(s)")]
    [InlineData(0x63, 0xC2, "2 retries left")]
    [InlineData(0x69, 0x82, "security status not satisfied")]
    [InlineData(0x6D, 0x00, "instruction code not supported")]
    [InlineData(0x69, 0x99, "command not allowed")]
    [InlineData(0x12, 0x34, "not defined by ISO 7816-4")]
    public void Describes_status_words_as_iso_7816_4_does(byte sw1, byte sw2, string expected) =>
        Assert.Contains(expected, StatusWordMeaning.Describe(sw1, sw2));

    [Theory]
    [InlineData("9000", 0x9000, true)]
    [InlineData("9000", 0x9001, false)]
    [InlineData("61??", 0x6110, true)]
    [InlineData("61??", 0x6210, false)]
    [InlineData("63C?", 0x63C3, true)]
    [InlineData("63c?", 0x63D3, false)]
    [InlineData("????", 0x1234, true)]
    public void Patterns_match_with_a_question_mark_per_digit(string pattern, int sw, bool matches) =>
        Assert.Equal(matches, new StatusPattern(pattern).Matches((ushort)sw));

    [Theory]
    [InlineData("900")]
    [InlineData("90000")]
    [InlineData("90G0")]
    public void Malformed_patterns_are_rejected(string pattern) =>
        Assert.Throws<FormatException>(() => new StatusPattern(pattern));
}
