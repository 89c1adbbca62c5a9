using PcscTools.Scripts;

namespace PcscTools.Tests.Scripts;

/// <summary>The scriptor format as /usr/bin/scriptor reads it, plus the expected-response lines PcscTools adds.</summary>
public sealed class ScriptorScriptTests
{
    [Fact]
    public void Reads_commands_with_and_without_spaces_comments_blank_lines_and_reset()
    {
        var script = ScriptorScript.Parse("# select the MF\n00 A4 00 00 02 3F 00\n\n00a4000002\t3f00\r\nreset\n  # indented comment\n00B0000010\n");
        Assert.Empty(script.Errors);
        Assert.Null(script.ExitLine);
        Assert.Collection(script.Steps,
            s => Assert.Equal(("00 A4 00 00 02 3F 00", 2), (((ScriptCommand)s).Apdu.ToString(), s.LineNumber)),
            s => Assert.Equal(("00 A4 00 00 02 3F 00", 4), (((ScriptCommand)s).Apdu.ToString(), s.LineNumber)),
            s => Assert.Equal(5, Assert.IsType<ScriptReset>(s).LineNumber),
            s => Assert.Equal("00 B0 00 00 10", ((ScriptCommand)s).Apdu.ToString()));
    }

    [Fact]
    public void A_trailing_backslash_continues_the_command_on_the_next_line()
    {
        var script = ScriptorScript.Parse("00 A4 04 00 \\\n07 A0 00 00\\\n00 03 10 10\n80CA9F7F00\n");
        Assert.Empty(script.Errors);
        var first = Assert.IsType<ScriptCommand>(script.Steps[0]);
        Assert.Equal("00 A4 04 00 07 A0 00 00 00 03 10 10", first.Apdu.ToString());
        Assert.Equal(1, first.LineNumber);
        Assert.Equal(4, script.Steps[1].LineNumber);
    }

    [Theory]
    [InlineData("00 A4 00 00\nexit\n00 B0 00 00 10\n")]
    [InlineData("00 A4 00 00\n# now EXIT the applet\n00 B0 00 00 10\n")]
    public void A_line_holding_exit_ends_the_script_even_in_a_comment_as_in_scriptor(string text)
    {
        var script = ScriptorScript.Parse(text);
        Assert.Single(script.Steps);
        Assert.Equal(2, script.ExitLine);
    }

    [Fact]
    public void Any_line_holding_reset_resets_as_in_scriptor()
    {
        var script = ScriptorScript.Parse("RESET the card\n");
        Assert.IsType<ScriptReset>(Assert.Single(script.Steps));
    }

    [Fact]
    public void Expected_response_lines_attach_to_the_command_before_them()
    {
        var script = ScriptorScript.Parse("> 00 A4 04 00 02 3F 00\n< 6A 82 : Wrong parameter(s) P1-P2\n00 B0 00 00 04\n< * 90 00\n00 84 00 00 08\n< .. .. .. .. .. .. .. .. 90 00\n");
        Assert.Empty(script.Errors);
        var select = (ScriptCommand)script.Steps[0];
        Assert.Equal("00 A4 04 00 02 3F 00", select.Apdu.ToString());
        Assert.Equal(2, select.Expected!.LineNumber);
        Assert.Equal("6A 82", select.Expected.Text);
        Assert.True(select.Expected.Matches([0x6A, 0x82]));
        Assert.False(select.Expected.Matches([0x90, 0x00]));
        Assert.False(select.Expected.Matches([0x01, 0x6A, 0x82]));

        var read = ((ScriptCommand)script.Steps[1]).Expected!;
        Assert.True(read.Matches([0x90, 0x00]));
        Assert.True(read.Matches([1, 2, 3, 4, 0x90, 0x00]));
        Assert.False(read.Matches([1, 2, 3, 4, 0x6A, 0x82]));

        var challenge = ((ScriptCommand)script.Steps[2]).Expected!;
        Assert.True(challenge.Matches([1, 2, 3, 4, 5, 6, 7, 8, 0x90, 0x00]));
        Assert.False(challenge.Matches([1, 2, 3, 4, 5, 6, 7, 0x90, 0x00]));
    }

    [Theory]
    [InlineData("00 A4 0G 00", 1, "'0G' is not a hex byte")]
    [InlineData("00A400 0", 1, "'0' is not a hex byte")]
    [InlineData("00A4000", 1, "odd number of hex digits")]
    [InlineData("# first\n< 90 00", 2, "must directly follow a command")]
    [InlineData("00 A4 00 00\n< 90 00\n< 90 00", 3, "must directly follow a command")]
    [InlineData("00 A4 00 00\n< 90 zz", 2, "'zz' is neither a hex byte")]
    [InlineData("00 A4 00 00\n< * 90 *", 2, "only one '*'")]
    [InlineData("00 A4 00 00\n< 90", 2, "at least the two status bytes")]
    [InlineData("00 A4 00 00 \\", 1, "no line continues it")]
    [InlineData("0x 00", 1, "'0x' is not a hex byte")]
    public void Invalid_lines_are_errors_with_their_line_number(string text, int line, string message)
    {
        var error = Assert.Single(ScriptorScript.Parse(text).Errors);
        Assert.Equal(line, error.LineNumber);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loads_a_file_and_remembers_where_it_came_from()
    {
        var path = Path.Combine(Path.GetTempPath(), $"script-{Guid.NewGuid()}.txt");
        File.WriteAllText(path, "00 84 00 00 08\n");
        try
        {
            var script = ScriptorScript.Load(path);
            Assert.Equal(path, script.Source);
            Assert.Single(script.Steps);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
