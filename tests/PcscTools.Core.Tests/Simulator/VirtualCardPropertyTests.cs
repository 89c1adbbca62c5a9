using CsCheck;
using PcscTools.Bytes;
using PcscTools.Simulator.VirtualCard;
using PcscTools.Tests.Fuzzing;

namespace PcscTools.Tests.Simulator;

/// <summary>The virtual card answers every command, however malformed, with a status word, and never throws.</summary>
public sealed class VirtualCardPropertyTests
{
    /// <summary>ISO 7816-4: at most 65,536 data bytes and the status word.</summary>
    private const int LargestResponse = 65_536 + 2;

    private static readonly byte[][] Commands =
    [
        Hex.Parse("00 A4 04 00 0A F0 50 43 53 43 54 4F 4F 4C 53 00"),
        Hex.Parse("00 A4 00 0C 02 01 02"),
        Hex.Parse("00 B0 00 00 00"),
        Hex.Parse("00 B0 7F FF 00 00 00"),
        Hex.Parse("00 D6 00 10 04 01 02 03 04"),
        Hex.Parse("00 84 00 00 08"),
        Hex.Parse("00 C0 00 00 00"),
        Hex.Parse("00 D6 00 00 00 00 03 01 02 03 00 10"),
    ];

    [Fact]
    public void Any_command_gets_an_answer_of_a_status_word_and_at_most_the_largest_iso_response()
    {
        Gen.Select(Mutations.RandomOrMutated(Commands, 300), Gen.Bool, Gen.Bool).Sample((command, chain, strictLe) =>
        {
            var card = new VirtualCard { ChainResponses = chain, StrictLe = strictLe };
            // Select the application first, so that READ and UPDATE BINARY reach their file code.
            card.Process(Hex.Parse("00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53"));
            card.Process(Hex.Parse("00 A4 00 0C 02 01 02"));
            var answer = card.Process(command);
            Assert.InRange(answer.Length, 2, LargestResponse);
        }, iter: 20_000);
    }
}
