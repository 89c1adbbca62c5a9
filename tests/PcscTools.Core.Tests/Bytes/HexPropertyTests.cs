using CsCheck;
using PcscTools.Bytes;
using PcscTools.Tests.Fuzzing;

namespace PcscTools.Tests.Bytes;

/// <summary>Hex text, for any bytes and any text: round-trips hold and bad text fails only with HexFormatException.</summary>
public sealed class HexPropertyTests
{
    private const int Iterations = 10_000;

    private static readonly Gen<string> Separator = Gen.OneOf("", " ", ":", "-", "  ", " : ", "\t", "\n");

    private static readonly string[] HexSamples = ["3B 80 80 01 01", "00 A4 04 00 07 A0 00 00 00 03 10 10 00", "0x9000", "de:ad:be:ef", "6C-10", ""];

    [Fact]
    public void Formatted_bytes_parse_back_with_any_separator_and_in_lower_case()
    {
        Gen.Select(Gen.Byte.Array[0, 300], Separator, Gen.Bool).Sample((bytes, separator, lower) =>
        {
            var text = Hex.Format(bytes, separator);
            Assert.Equal(bytes, Hex.Parse(lower ? text.ToLowerInvariant() : text));
            Assert.Equal(bytes, Hex.Parse("0x" + text));
        }, iter: Iterations);
    }

    [Fact]
    public void Any_text_parses_or_fails_with_a_hex_format_exception_that_agrees_with_try_parse()
    {
        Gen.OneOf<string>(Gen.String, Mutations.Of(HexSamples)).Sample(text =>
        {
            var parsed = Hex.TryParse(text, out var bytes, out var problem);
            try
            {
                Assert.Equal(bytes, Hex.Parse(text));
                Assert.True(parsed);
                Assert.Null(problem);
            }
            catch (HexFormatException e)
            {
                Assert.False(parsed);
                Assert.Equal(text, e.Text);
                Assert.Equal(problem, e.Problem);
                Assert.Empty(bytes);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void HexBytes_round_trips_through_its_text_and_equals_what_it_was_made_from()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            var value = new HexBytes(bytes);
            var again = new HexBytes(value.ToString());
            Assert.Equal(value, again);
            Assert.Equal(value.GetHashCode(), again.GetHashCode());
            Assert.True(value.Equals(value.Hex));
            Assert.True(value.Equals((object)bytes));
            Assert.Equal(bytes, (byte[])value);
        }, iter: Iterations);
    }

    [Fact]
    public void HexBytes_from_any_text_is_made_or_fails_with_a_hex_format_exception()
    {
        Gen.OneOf<string>(Gen.String, Mutations.Of(HexSamples)).Sample(text =>
        {
            try
            {
                Assert.True(new HexBytes(text).Equals((object)text));
            }
            catch (HexFormatException)
            {
                // The documented failure.
            }
        }, iter: Iterations);
    }
}
