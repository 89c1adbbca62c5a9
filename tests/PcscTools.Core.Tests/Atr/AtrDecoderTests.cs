using PcscTools.Atr;
using PcscTools.Bytes;

namespace PcscTools.Tests.Atr;

/// <summary>Hand-checked decodings of ISO/IEC 7816-3 ATRs, and malformed ones.</summary>
public sealed class AtrDecoderTests
{
    private static AtrAnalysis Decode(string hex) => AtrDecoder.Decode(Hex.Parse(hex));

    [Fact]
    public void Decodes_every_interface_level_and_the_T1_parameters()
    {
        // YubiKey 4: TA1 13 (Fi 372, Di 4), TC1 00, TD1 T=1, TD2 T=1, TA3 IFSC FE, TB3 BWI 1 CWI 5.
        var a = Decode("3B F8 13 00 00 81 31 FE 15 59 75 62 69 6B 65 79 34 D4");
        Assert.Equal(AtrConvention.Direct, a.Convention);
        Assert.Equal(["T=1"], a.Protocols);
        Assert.Equal(372, a.Fi);
        Assert.Equal(4, a.Di);
        Assert.Equal(93, a.CyclesPerEtu);
        Assert.Equal(5, a.MaxClockMHz);
        Assert.Equal(43010, a.BaudRateAt4MHz);
        Assert.Equal(0, a.ExtraGuardTime);
        Assert.Equal(254, a.Ifsc);
        Assert.Equal(1, a.Bwi);
        Assert.Equal(5, a.Cwi);
        Assert.Equal("LRC", a.ErrorDetection);
        Assert.Null(a.WaitingTimeInteger);
        Assert.Equal([1, 2, 3], a.InterfaceGroups.Select(g => g.Level));
        Assert.Equal(["global", "global", "T=1"], a.InterfaceGroups.Select(g => g.AppliesTo));
        Assert.Equal((byte)0xFE, a.InterfaceGroups[2].TA);
        Assert.Contains("TA(3) = FE: IFSC 254", a.InterfaceGroups[2].Meanings);
        Assert.Equal("59 75 62 69 6B 65 79 34", a.HistoricalBytes.ToString());
        Assert.Equal("proprietary", a.Historical.Category);
        Assert.True(a.TckRequired);
        Assert.Equal((byte)0xD4, a.Tck);
        Assert.True(a.TckValid);
        Assert.Empty(a.Problems);
        Assert.True(a.IsWellFormed);
    }

    [Fact]
    public void Without_TD1_only_T0_is_offered_and_no_TCK_is_expected()
    {
        var a = Decode("3B 02 14 50");
        Assert.Equal(["T=0"], a.Protocols);
        Assert.Equal(372, a.Fi);
        Assert.Equal(1, a.Di);
        Assert.Equal(10, a.WaitingTimeInteger);
        Assert.Null(a.Ifsc);
        Assert.False(a.TckRequired);
        Assert.Null(a.TckValid);
        Assert.Empty(a.InterfaceGroups);
        Assert.Empty(a.Problems);
    }

    [Fact]
    public void Reads_T15_global_bytes_the_specific_mode_and_guard_time()
    {
        // TA1 18, TC1 00, TD1 T=1; TD2 B1: TA3 TB3 TD3 for T=1; TD3 1F: TA4 for T=15.
        var a = Decode("3B D6 18 00 81 B1 80 7D 1F 03 80 51 00 61 10 30 8F");
        Assert.Equal(["T=1", "T=15"], a.Protocols);
        Assert.Equal(372, a.Fi);
        Assert.Equal(12, a.Di);
        Assert.Equal(128, a.Ifsc);
        Assert.Equal(7, a.Bwi);
        Assert.Equal(13, a.Cwi);
        Assert.Equal("not supported", a.ClockStop);
        Assert.Equal(["A (5 V)", "B (3 V)"], a.Classes);
        Assert.Equal("T=15", a.InterfaceGroups[^1].AppliesTo);
        Assert.True(a.TckValid);

        var specific = Decode("3B 94 11 11 81 31 AB CD 1E");
        Assert.Equal("T=1", specific.SpecificModeProtocol);
        Assert.Null(Decode("3B 80 80 01 01").SpecificModeProtocol);
        Assert.Equal(255, Decode("3B 40 FF").ExtraGuardTime);
    }

    [Fact]
    public void Decodes_compact_TLV_historical_bytes_with_a_status_indicator()
    {
        // TB1 00, TC1 00; category 00: objects 31 (card service data) 73 (card capabilities), then LCS 05 and SW 90 00.
        var a = Decode("3B 6A 00 00 00 31 C0 73 FE 21 80 05 90 00");
        Assert.Equal((byte)0x00, a.Historical.CategoryIndicator);
        Assert.Equal([3, 7], a.Historical.Objects.Select(o => o.Tag));
        Assert.Equal("card service data", a.Historical.Objects[0].Name);
        Assert.Contains("Application selection: by full DF name", a.Historical.Objects[0].Meanings);
        Assert.Contains("Card with MF", a.Historical.Objects[0].Meanings);
        Assert.Equal("FE 21 80", a.Historical.Objects[1].Value.ToString());
        Assert.Contains("Command chaining", a.Historical.Objects[1].Meanings);
        Assert.Contains("Maximum number of logical channels: 1", a.Historical.Objects[1].Meanings);
        Assert.Equal((byte)0x05, a.Historical.LifeCycleStatus);
        Assert.Equal("Operational state (activated)", a.Historical.LifeCycle);
        Assert.Equal("90 00", a.Historical.StatusWord?.ToString());
        Assert.Empty(a.Problems);
    }

    [Fact]
    public void Decodes_the_PCSC_part3_identifier_of_a_contactless_card()
    {
        var a = Decode("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A");
        Assert.Equal("PC/SC part 3 contactless card identification", a.Historical.Category);
        var aid = Assert.Single(a.Historical.Objects);
        Assert.Equal(12, aid.Length);
        Assert.Equal("A0 00 00 03 06 03 00 01 00 00 00 00", aid.Value.ToString());
        Assert.Equal(["RID: A0 00 00 03 06 (PC/SC Workgroup)", "Standard: 03 (ISO 14443 A, part 3)", "Card name: 00 01"], aid.Meanings);
        Assert.Empty(a.Problems);
    }

    [Fact]
    public void Decodes_category_80_compact_TLV_objects()
    {
        var a = Decode("3B 85 80 01 80 73 C8 21 10 F6");
        Assert.Equal("compact-TLV data objects", a.Historical.Category);
        var caps = Assert.Single(a.Historical.Objects);
        Assert.Equal("card capabilities", caps.Name);
        Assert.Contains("DF selection by full DF name", caps.Meanings);
        Assert.Contains("Data unit in quartets: 2", caps.Meanings);
    }

    [Theory]
    [InlineData("3B 9F 95 81", false, "TD(2) is missing")]
    [InlineData("3B 02 14", false, "1 of its 2 historical byte(s) are missing")]
    [InlineData("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6B", true, "Wrong TCK: the ATR has 6B where 6A")]
    [InlineData("3B 80 80 01", false, "The TCK is missing")]
    [InlineData("3B 02 14 50 00 00 00", false, "too long: 3 byte(s)")]
    [InlineData("3B", false, "T0 is missing")]
    [InlineData("", false, "The ATR is empty")]
    [InlineData("A2 13 10 91", false, "not an ISO/IEC 7816-3 microprocessor card")]
    [InlineData("3B 11 FA 00", false, "Di code A is reserved")]
    [InlineData("3B 02 14 50 44", true, "TCK shall be absent")]
    public void Malformed_atrs_decode_as_far_as_possible_and_say_what_is_wrong(string hex, bool tckSeen, string problem)
    {
        var a = Decode(hex);
        Assert.Contains(a.Problems, p => p.Contains(problem, StringComparison.Ordinal));
        Assert.False(a.IsWellFormed);
        Assert.Equal(tckSeen, a.Tck is not null);
    }

    [Fact]
    public void An_overlong_atr_is_flagged()
    {
        var a = Decode("3B 0F" + string.Concat(Enumerable.Repeat(" 00", 33)));
        Assert.Contains(a.Problems, p => p.Contains("allows at most 33", StringComparison.Ordinal));
    }

    [Fact]
    public void Never_throws_on_any_byte_string()
    {
        var random = new Random(7816);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0)
            {
                bytes[0] = 0x3B;
            }
            var a = AtrDecoder.Decode(bytes);
            Assert.Equal(bytes, a.Atr.ToArray());
        }
    }
}
