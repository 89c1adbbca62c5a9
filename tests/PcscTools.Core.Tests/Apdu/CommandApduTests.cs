using PcscTools.Apdu;
using PcscTools.Bytes;

namespace PcscTools.Tests.Apdu;

public sealed class CommandApduTests
{
    [Theory]
    [InlineData("00A40000", ApduCase.Case1, 0, null)]
    [InlineData("00B00000 10", ApduCase.Case2Short, 0, 16)]
    [InlineData("00B00000 00", ApduCase.Case2Short, 0, 256)]
    [InlineData("00D60000 02 AABB", ApduCase.Case3Short, 2, null)]
    [InlineData("00A40400 02 3F00 00", ApduCase.Case4Short, 2, 256)]
    [InlineData("00B00000 000400", ApduCase.Case2Extended, 0, 1024)]
    [InlineData("00B00000 000000", ApduCase.Case2Extended, 0, 65536)]
    [InlineData("00D60000 000002 AABB", ApduCase.Case3Extended, 2, null)]
    [InlineData("00D60000 000002 AABB 0000", ApduCase.Case4Extended, 2, 65536)]
    public void Parses_every_iso_case(string hex, ApduCase expectedCase, int lc, int? le)
    {
        var command = CommandApdu.Parse(hex);
        Assert.Equal(expectedCase, command.Case);
        Assert.Equal(lc, command.Lc);
        Assert.Equal(le, command.Le);
        Assert.Equal(Hex.Parse(hex), command.Bytes!.ToArray());
    }

    [Theory]
    [InlineData(0, null, false, "00 B0 00 00")]
    [InlineData(0, 0, false, "00 B0 00 00 00")]
    [InlineData(0, 16, false, "00 B0 00 00 10")]
    [InlineData(0, 256, false, "00 B0 00 00 00")]
    [InlineData(0, 257, false, "00 B0 00 00 00 01 01")]
    [InlineData(0, 0, true, "00 B0 00 00 00 00 00")]
    [InlineData(0, 1024, true, "00 B0 00 00 00 04 00")]
    [InlineData(2, null, false, "00 B0 00 00 02 01 02")]
    [InlineData(2, 0, false, "00 B0 00 00 02 01 02 00")]
    [InlineData(2, null, true, "00 B0 00 00 00 00 02 01 02")]
    [InlineData(2, 65536, false, "00 B0 00 00 00 00 02 01 02 00 00")]
    public void Builds_short_and_extended_encodings(int dataLength, int? le, bool extended, string expected)
    {
        var data = Enumerable.Range(1, dataLength).Select(i => (byte)i).ToArray();
        var command = new CommandApdu(0x00, 0xB0, 0x00, 0x00, data, le, extended);
        Assert.Equal(expected, command.ToString());
        Assert.Equal(command.Case, CommandApdu.Parse(expected).Case);
    }

    [Fact]
    public void Data_over_255_bytes_switches_to_extended_length()
    {
        var command = new CommandApdu(0x00, 0xD6, 0, 0, new byte[300]);
        Assert.Equal(ApduCase.Case3Extended, command.Case);
        Assert.Equal(4 + 3 + 300, command.Length);
        Assert.Equal(300, CommandApdu.Parse(command.Bytes!.ToArray()).Lc);
    }

    [Theory]
    [InlineData("0x00a4 04 0c", "00 A4 04 0C")]
    [InlineData("00:A4:04:0C", "00 A4 04 0C")]
    [InlineData("  00a4040c  ", "00 A4 04 0C")]
    public void Accepts_hex_as_people_write_it(string text, string expected) =>
        Assert.Equal(expected, CommandApdu.Parse(text).ToString());

    [Theory]
    [InlineData("00A4040", "odd number")]
    [InlineData("00A4 04 0G", "'G'")]
    [InlineData("00A404", "at least the four header bytes")]
    [InlineData("", "at least the four header bytes")]
    [InlineData("00A40400 05 3F00", "Lc 05 says 5 data byte(s), but 2 byte(s) follow")]
    [InlineData("00A40400 02 3F00 00 00", "Lc 02 says 2 data byte(s), but 4 byte(s) follow")]
    [InlineData("00B00000 0004", "extended length")]
    [InlineData("00D60000 000000 AA", "extended Lc of 0000")]
    [InlineData("00D60000 000003 AABB", "extended Lc 0003 says 3 data byte(s), but 2 byte(s) follow")]
    public void Rejects_bad_input_naming_the_problem_and_the_offending_text(string text, string problem)
    {
        var error = Assert.Throws<ApduFormatException>(() => CommandApdu.Parse(text));
        Assert.Contains(problem, error.Message);
        Assert.Equal(text, error.Text);
    }

    [Fact]
    public void Rejects_more_than_65535_data_bytes()
    {
        var tooLong = Assert.Throws<ApduFormatException>(() => new CommandApdu(0, 0xD6, 0, 0, new byte[65536]));
        Assert.Contains("at most 65,535", tooLong.Message);
        var raw = new byte[4 + 3 + 65536 + 2];
        Assert.Contains("at most 65,535", Assert.Throws<ApduFormatException>(() => CommandApdu.Parse(raw)).Message);
    }

    [Fact]
    public void Le_out_of_range_is_rejected() =>
        Assert.Throws<ApduFormatException>(() => new CommandApdu(0, 0xB0, 0, 0, le: 65537));

    [Fact]
    public void Secret_commands_are_redacted_for_display_unless_shown()
    {
        var verify = CommandApdu.Parse("00 20 00 81 06 31 32 33 34 35 36");
        Assert.True(verify.IsSecret);
        var shown = verify.ForDisplay(showSecrets: false);
        Assert.True(shown.IsRedacted);
        Assert.Equal("00 20 00 81 06 ** ** ** ** ** **", shown.ToString());
        Assert.Null(shown.Data);
        Assert.Null(shown.Bytes);
        Assert.DoesNotContain("31 32", shown.ToString());
        Assert.Same(verify, verify.ForDisplay(showSecrets: true));
        Assert.Equal("00 24 00 81 00 00 02 ** ** 00 00", CommandApdu.Parse("00 24 00 81 00 00 02 31 32 00 00").ForDisplay(false).ToString());
    }

    [Theory]
    [InlineData("00 20 00 81")]
    [InlineData("00 A4 04 00 02 3F 00")]
    public void Commands_without_secret_data_are_shown_as_they_are(string hex)
    {
        var command = CommandApdu.Parse(hex);
        Assert.Same(command, command.ForDisplay(showSecrets: false));
    }

    [Theory]
    [InlineData(0x20)]
    [InlineData(0x21)]
    [InlineData(0x24)]
    [InlineData(0x2C)]
    public void Pin_carrying_instructions_are_secret(byte ins) => Assert.True(SecretCommands.CarriesSecret(ins));

    [Fact]
    public void WithLe_and_WithoutLe_keep_the_header_and_data()
    {
        var command = CommandApdu.Parse("00 A4 04 00 02 3F 00 00");
        Assert.Equal("00 A4 04 00 02 3F 00 1C", command.WithLe(0x1C).ToString());
        Assert.Equal("00 A4 04 00 02 3F 00", command.WithoutLe().ToString());
        Assert.Equal("00 B0 00 00 00", CommandApdu.Parse("00 B0 00 00 10").WithLe(256).ToString());
    }
}
