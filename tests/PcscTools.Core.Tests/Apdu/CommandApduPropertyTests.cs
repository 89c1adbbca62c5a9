using CsCheck;
using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.Tests.Fuzzing;

namespace PcscTools.Tests.Apdu;

/// <summary>
/// Command APDUs, for any parts and any bytes: build → bytes → parse → build round-trips, bad input fails only with
/// ApduFormatException, and a redacted copy shows nothing of the secret it hides.
/// </summary>
public sealed class CommandApduPropertyTests
{
    private const int Iterations = 10_000;

    private static readonly Gen<byte[]> Data = Gen.Frequency<byte[]>(
        (200, Gen.Byte.Array[0, 300]),
        (1, Gen.Byte.Array[CommandApdu.MaxDataLength - 2, CommandApdu.MaxDataLength]));

    private static readonly Gen<int?> Le = Gen.Frequency<int?>(
        (2, Gen.Const((int?)null)),
        (3, Gen.Int[0, 256].Select(le => (int?)le)),
        (1, Gen.Int[257, CommandApdu.MaxExpectedLength].Select(le => (int?)le)));

    private static readonly Gen<CommandApdu> Built =
        Gen.Select(Gen.Byte.Array[4], Data, Le, Gen.Bool)
            .Select((header, data, le, extended) => new CommandApdu(header[0], header[1], header[2], header[3], data, le, extended));

    private static readonly byte[][] Samples =
    [
        Hex.Parse("00 A4 04 00 07 A0 00 00 00 03 10 10 00"),
        Hex.Parse("00 B0 00 00 00"),
        Hex.Parse("00 20 00 81 06 31 32 33 34 35 36"),
        Hex.Parse("00 B0 00 00 00 01 00"),
        Hex.Parse("00 D6 00 00 00 00 03 01 02 03 00 10"),
        Hex.Parse("80 CA 9F 7F"),
    ];

    [Fact]
    public void Built_commands_parse_back_to_the_same_command()
    {
        Built.Sample(built =>
        {
            var bytes = built.Bytes!.ToArray();
            var parsed = CommandApdu.Parse(bytes);
            Assert.Equal(built.Bytes, parsed.Bytes);
            Assert.Equal(built.Case, parsed.Case);
            Assert.Equal(built.Lc, parsed.Lc);
            Assert.Equal(built.Le, parsed.Le);
            Assert.Equal(built.Data, parsed.Data);
            Assert.Equal(bytes, CommandApdu.Parse(built.ToString()).Bytes!.ToArray());
        }, iter: Iterations);
    }

    [Fact]
    public void Any_bytes_parse_to_a_command_that_rebuilds_to_the_same_bytes_or_fail_with_an_apdu_format_exception()
    {
        Mutations.RandomOrMutated(Samples, 300).Sample(raw =>
        {
            CommandApdu parsed;
            try
            {
                parsed = CommandApdu.Parse(raw);
            }
            catch (ApduFormatException e)
            {
                Assert.False(string.IsNullOrEmpty(e.Problem));
                return;
            }
            Assert.Equal(raw, parsed.Bytes!.ToArray());
            var rebuilt = new CommandApdu(parsed.Cla, parsed.Ins, parsed.P1, parsed.P2, parsed.Data!.AsSpan(), parsed.Le, parsed.IsExtended);
            Assert.Equal(parsed.Bytes, rebuilt.Bytes);
        }, iter: Iterations);
    }

    [Fact]
    public void Any_text_parses_or_fails_with_an_apdu_format_exception_naming_the_text()
    {
        Gen.OneOf<string>(Gen.String, Mutations.Of(Samples.Select(s => Hex.Format(s)).ToArray())).Sample(text =>
        {
            try
            {
                CommandApdu.Parse(text);
            }
            catch (ApduFormatException e)
            {
                Assert.Equal(text, e.Text);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Out_of_range_parts_fail_with_an_apdu_format_exception()
    {
        Gen.Select(Gen.Int[int.MinValue, -1], Gen.Int[CommandApdu.MaxExpectedLength + 1, int.MaxValue], Gen.Bool).Sample((negative, tooLarge, pick) =>
        {
            Assert.Throws<ApduFormatException>(() => new CommandApdu(0x00, 0xB0, 0x00, 0x00, le: pick ? negative : tooLarge));
        }, iter: 1_000);
        Assert.Throws<ApduFormatException>(() => new CommandApdu(0x00, 0xD6, 0x00, 0x00, new byte[CommandApdu.MaxDataLength + 1]));
    }

    [Fact]
    public void A_redacted_secret_command_shows_the_same_text_whatever_the_secret_was()
    {
        var secretIns = Gen.OneOf<byte>(0x20, 0x21, 0x24, 0x25, 0x26, 0x28, 0x2C, 0x2D);
        Gen.Select(secretIns, Gen.Byte.Array[3], Gen.Int[1, 64], Le, Gen.Int[0, int.MaxValue]).Sample((ins, header, length, le, seed) =>
        {
            var random = new Random(seed);
            var pin = new byte[length];
            var other = new byte[length];
            random.NextBytes(pin);
            random.NextBytes(other);
            var command = new CommandApdu(header[0], ins, header[1], header[2], pin, le);
            var shown = command.ForDisplay(showSecrets: false);

            Assert.True(command.IsSecret);
            Assert.True(shown.IsRedacted);
            Assert.Null(shown.Data);
            Assert.Null(shown.Bytes);
            Assert.Equal(new CommandApdu(header[0], ins, header[1], header[2], other, le).ForDisplay(false).ToString(), shown.ToString());
            Assert.Equal(command.ToString(), command.ForDisplay(showSecrets: true).ToString());
        }, iter: Iterations);
    }
}
