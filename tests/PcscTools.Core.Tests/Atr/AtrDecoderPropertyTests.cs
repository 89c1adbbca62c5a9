using CsCheck;
using PcscTools.Atr;
using PcscTools.Bytes;
using PcscTools.Tests.Fuzzing;
using Xunit.Abstractions;

namespace PcscTools.Tests.Atr;

/// <summary>
/// The ATR decoder, for any bytes: it never throws (malformed ATRs are decoded as far as they go, their problems listed),
/// and an ATR built from interface bytes, historical bytes and a TCK decodes back to exactly those parts.
/// </summary>
public sealed class AtrDecoderPropertyTests(ITestOutputHelper output)
{
    private static readonly byte[][] Samples =
    [
        Hex.Parse("3B 80 80 01 01"),
        Hex.Parse("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A"),
        Hex.Parse("3B F8 13 00 00 81 31 FE 45 4A 43 4F 50 76 32 34 31 B7"),
        Hex.Parse("3F 65 25 08 33 04 20 90 00"),
        Hex.Parse("3B 02 14 50"),
    ];

    /// <summary>A well-formed ATR: levels of interface bytes chained by TD, K historical bytes, and a TCK when a protocol other than T=0 is named.</summary>
    private static readonly Gen<byte[]> WellFormed =
        Gen.Select(Gen.Int[0, 4], Gen.Byte.Array[0, 15], Gen.Int[0, int.MaxValue]).Select((tdCount, historical, seed) =>
        {
            var random = new Random(seed);
            var flags = random.Next(0, 8);
            var atr = new List<byte> { 0x3B, (byte)(((flags | (tdCount > 0 ? 8 : 0)) << 4) | historical.Length) };
            var checksumNeeded = false;
            for (var level = 1; level <= tdCount + 1; level++)
            {
                for (var bit = 0; bit < 3; bit++)
                {
                    if ((flags & (1 << bit)) != 0)
                    {
                        // TA1 stays a defined Fi/Di pair (372/1), so the decoder has nothing to object to there.
                        atr.Add(level == 1 && bit == 0 ? (byte)0x11 : (byte)random.Next(0, 256));
                    }
                }
                if (level <= tdCount)
                {
                    var protocol = random.Next(0, 2) == 0 ? 1 : 15;
                    checksumNeeded |= protocol != 0;
                    flags = random.Next(0, 8);
                    atr.Add((byte)(((flags | (level < tdCount ? 8 : 0)) << 4) | protocol));
                }
            }
            atr.AddRange(historical);
            if (checksumNeeded)
            {
                atr.Add(atr.Skip(1).Aggregate((byte)0, (x, b) => (byte)(x ^ b)));
            }
            return atr.ToArray();
        });

    [Fact]
    public void Any_bytes_decode_without_an_exception_and_keep_the_atr_as_given()
    {
        Gen.OneOf<byte[]>(Mutations.RandomOrMutated(Samples, 64), Gen.Byte.Array[0, 600]).Sample(atr =>
        {
            var analysis = AtrDecoder.Decode(atr);
            Assert.Equal(atr, analysis.Atr.ToArray());
            Assert.Equal(analysis.Problems.Count == 0, analysis.IsWellFormed);
            _ = analysis.ToString();
            Assert.All(analysis.InterfaceGroups, group => Assert.NotNull(group.ToString()));
        }, iter: 10_000);
    }

    [Fact]
    public void A_well_formed_atr_decodes_into_parts_that_rebuild_it_byte_for_byte()
    {
        WellFormed.Sample(atr =>
        {
            var analysis = AtrDecoder.Decode(atr);
            var rebuilt = new List<byte> { atr[0], analysis.T0!.Value };
            foreach (var group in analysis.InterfaceGroups)
            {
                rebuilt.AddRange(new[] { group.TA, group.TB, group.TC, group.TD }.OfType<byte>());
            }
            rebuilt.AddRange(analysis.HistoricalBytes.ToArray());
            if (analysis.Tck is { } tck)
            {
                rebuilt.Add(tck);
            }
            Assert.Equal(atr, rebuilt.ToArray());
            Assert.NotEqual(false, analysis.TckValid);
        }, iter: 10_000);
    }

    [Fact]
    public void Fuzz_the_decoder_for_the_time_budget()
    {
        FuzzBudget.Run(Mutations.RandomOrMutated(Samples, 64), atr => AtrDecoder.Decode(atr), output);
    }
}
