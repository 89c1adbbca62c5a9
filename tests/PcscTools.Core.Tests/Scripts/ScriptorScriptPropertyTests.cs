using CsCheck;
using PcscTools.Bytes;
using PcscTools.Scripts;
using PcscTools.Tests.Fuzzing;

namespace PcscTools.Tests.Scripts;

/// <summary>
/// The scriptor parser, for any text: it never throws (bad lines become errors that name a real line), and a script
/// written from commands and resets parses back to the same steps, as does the text of its parsed steps.
/// </summary>
public sealed class ScriptorScriptPropertyTests
{
    private const string Sample = """
        # select the application
        00 A4 04 00 0A F0 50 43 53 43 54 4F 4F 4C 53
        < 90 00
        reset
        00 B0 00 00 \
        10
        < .. .. * 90 00 : Normal processing.
        > 00 20 00 81 06 31 32 33 34 35 36
        """;

    /// <summary>A step: an APDU (written with spaces, without, or split over lines with a backslash), or a reset.</summary>
    private static readonly Gen<(byte[]? Apdu, int Style)> Step =
        Gen.Frequency<(byte[]?, int)>(
            (5, Gen.Select(Gen.Byte.Array[4, 40], Gen.Int[0, 2]).Select((apdu, style) => ((byte[]?)apdu, style))),
            (1, Gen.Const(((byte[]?)null, 0))));

    [Fact]
    public void Any_text_parses_without_an_exception_and_every_error_and_step_names_a_line_of_it()
    {
        Gen.OneOf<string>(Gen.String, Mutations.Of([Sample])).Sample(text =>
        {
            var script = ScriptorScript.Parse(text);
            var lines = text.Split('\n').Length;
            Assert.All(script.Errors, error => Assert.InRange(error.LineNumber, 1, lines));
            Assert.All(script.Steps, step => Assert.InRange(step.LineNumber, 1, lines));
        }, iter: 10_000);
    }

    [Fact]
    public void Written_commands_and_resets_parse_back_to_the_same_steps_and_so_does_their_text()
    {
        Step.Array[0, 20].Sample(steps =>
        {
            var text = string.Join("\n", steps.Select(s => Write(s.Apdu, s.Style)));
            var script = ScriptorScript.Parse(text);
            Assert.Empty(script.Errors);
            Assert.Equal(steps.Select(s => s.Apdu is null ? "> RESET" : $"> {Hex.Format(s.Apdu)}"), script.Steps.Select(s => s.ToString()));

            var again = ScriptorScript.Parse(string.Join("\n", script.Steps.Select(s => s is ScriptReset ? "reset" : s.ToString())));
            Assert.Empty(again.Errors);
            Assert.Equal(script.Steps.Select(s => s.ToString()), again.Steps.Select(s => s.ToString()));
        }, iter: 5_000);
    }

    private static string Write(byte[]? apdu, int style) => apdu is null ? "reset" : style switch
    {
        0 => Hex.Format(apdu),
        1 => Hex.Format(apdu, ""),
        _ => Hex.Format(apdu.AsSpan(0, apdu.Length / 2)) + " \\\n" + Hex.Format(apdu.AsSpan(apdu.Length / 2)),
    };
}
