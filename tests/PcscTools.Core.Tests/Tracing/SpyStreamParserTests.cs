using CsCheck;
using PcscTools.Cards;
using PcscTools.Errors;
using PcscTools.Readers;
using PcscTools.Tracing;

namespace PcscTools.Tests.Tracing;

/// <summary>libpcscspy's stream (lines as pcsc-lite 1.9.9's spy wrote them for scriptor and pcsc_scan) read into calls, whole and damaged.</summary>
public sealed class SpyStreamParserTests
{
    private static readonly string[] Scriptor =
    [
        "7F5C14380B80@>|1796172401|859538|SCardEstablishContext",
        "7F5C14380B80@0x00000002",
        "7F5C14380B80@0x5E3E4265",
        "7F5C14380B80@<|1796172401|873570|SCardEstablishContext|Command successful.|0x00000000",
        "7F5C14380B80@>|1796172401|873737|SCardConnect",
        "7F5C14380B80@0x5E3E4265",
        "7F5C14380B80@PcscTools Virtual Reader 00 00",
        "7F5C14380B80@0x00000002",
        "7F5C14380B80@0x00000003",
        "7F5C14380B80@0x00000000",
        "7F5C14380B80@0x00000000",
        "7F5C14380B80@0x38E269E5",
        "7F5C14380B80@0x00000002",
        "7F5C14380B80@<|1796172401|874367|SCardConnect|Command successful.|0x00000000",
        "7F5C14380B80@>|1796172401|874515|SCardTransmit",
        "7F5C14380B80@0x38E269E5",
        "7F5C14380B80@0x00000002",
        "7F5C14380B80@0x00000010",
        "7F5C14380B80@0x0000000D",
        "7F5C14380B80@00 20 00 80 08 31 32 33 34 FF FF FF FF ",
        "7F5C14380B80@0x00000001",
        "7F5C14380B80@0x00000010",
        "7F5C14380B80@0x00000002",
        "7F5C14380B80@6D 00 ",
        "7F5C14380B80@<|1796172401|894307|SCardTransmit|Command successful.|0x00000000",
        "7F5C14380B80@>|1796172401|895105|SCardDisconnect",
        "7F5C14380B80@0x38E269E5",
        "7F5C14380B80@0x00000000",
        "7F5C14380B80@<|1796172401|895141|SCardDisconnect|Command successful.|0x00000000",
    ];

    private static readonly string[] Scan =
    [
        "7F23D0451740@>|1796172401|757452|SCardGetStatusChange",
        "7F23D0451740@0x2813F67F",
        "7F23D0451740@0x00000000",
        "7F23D0451740@0x00000001",
        @"7F23D0451740@\\?PnP?\Notification",
        "7F23D0451740@0x00000000",
        "7F23D0451740@0x55B494D63337",
        "7F23D0451740@0x55B494D63346",
        "7F23D0451740@NULL",
        @"7F23D0451740@\\?PnP?\Notification",
        "7F23D0451740@0x00000000",
        "7F23D0451740@0x00000000",
        "7F23D0451740@0x55B494D63346",
        "7F23D0451740@NULL",
        "7F23D0451740@<|1796172401|761162|SCardGetStatusChange|Command timeout.|0x8010000A",
        "7F23D0451740@>|1796172401|761442|SCardListReaders",
        "7F23D0451740@0x2813F67F",
        "7F23D0451740@(null)",
        "7F23D0451740@0x0000003F",
        "7F23D0451740@PcscTools Virtual Reader 00 00",
        "7F23D0451740@PcscTools Virtual Reader 00 01",
        "7F23D0451740@",
        "7F23D0451740@<|1796172401|761519|SCardListReaders|Command successful.|0x00000000",
    ];

    [Fact]
    public void A_scriptor_capture_gives_each_call_with_named_arguments_results_and_times()
    {
        var calls = new SpyStreamParser().ParseAll(Scriptor).ToArray();
        Assert.Equal(["SCardEstablishContext", "SCardConnect", "SCardTransmit", "SCardDisconnect"], calls.Select(c => c.Function));
        Assert.All(calls, call => Assert.Equal(PcscError.Success, call.Result));
        var connect = calls[1];
        Assert.Equal("PcscTools Virtual Reader 00 00", connect.Arguments["Reader"]);
        Assert.Equal(ShareMode.Shared, connect.Arguments["ShareMode"]);
        Assert.Equal(CardProtocols.Any, connect.Arguments["PreferredProtocols"]);
        Assert.Equal("0x38E269E5", connect.Outputs["Card"]);
        Assert.Equal(CardProtocols.T1, connect.Outputs["ActiveProtocol"]);
        Assert.Equal(TimeSpan.FromTicks(6300), connect.Duration);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796172401).AddTicks(8737370), connect.Time);
        Assert.Equal(CardDisposition.Leave, calls[3].Arguments["Disposition"]);
        Assert.DoesNotContain(calls, call => call.IsDamaged);
        // The names in the order of SCardConnect's parameters, which a deserialised dictionary (a Hashtable) loses.
        Assert.Equal(["Context", "Reader", "ShareMode", "PreferredProtocols"], connect.ArgumentNames);
        Assert.Equal(["Card", "ActiveProtocol"], connect.OutputNames);
    }

    [Fact]
    public void A_transmit_carries_apdu_objects_with_the_reader_of_its_card_and_the_pin_hidden_unless_asked()
    {
        var transmit = new SpyStreamParser().ParseAll(Scriptor).Single(c => c.Function == "SCardTransmit");
        Assert.Equal("PcscTools Virtual Reader 00 00", transmit.Reader);
        Assert.Equal("00 20 00 80 08 ** ** ** ** ** ** ** **", transmit.Command!.ToString());
        Assert.Equal("6D00", transmit.Response!.StatusWord);
        Assert.DoesNotContain("31 32 33 34", transmit.ToString());
        Assert.DoesNotContain("31 32 33 34", transmit.Details);
        var shown = new SpyStreamParser(showSecrets: true).ParseAll(Scriptor).Single(c => c.Function == "SCardTransmit");
        Assert.Equal("00 20 00 80 08 31 32 33 34 FF FF FF FF", shown.Command!.ToString());
    }

    [Fact]
    public void Reader_states_multi_strings_and_failures_are_read_as_pcsc_spy_reads_them()
    {
        var calls = new SpyStreamParser().ParseAll(Scan).ToArray();
        var change = calls[0];
        Assert.Equal(PcscError.Timeout, change.Result);
        Assert.Equal("SCARD_E_TIMEOUT", change.ResultName);
        Assert.Equal("Command timeout.", change.SpyMessage);
        Assert.False(change.IsSuccess);
        var state = Assert.Single((TracedReaderState[])change.Outputs["ReaderStates"]!);
        Assert.Equal(@"\\?PnP?\Notification", state.Reader);
        Assert.Equal(ReaderStates.Unaware, state.EventState);
        Assert.Null(state.Atr);
        Assert.Equal(["PcscTools Virtual Reader 00 00", "PcscTools Virtual Reader 00 01"], (string[])calls[1].Outputs["Readers"]!);
        Assert.Null(calls[1].Arguments["Groups"]);
    }

    [Fact]
    public void Interleaved_threads_are_kept_apart()
    {
        var other = Scriptor.Select(line => "AB12@" + line[(line.IndexOf('@') + 1)..]).ToArray();
        var woven = Scriptor.Zip(other, (a, b) => new[] { a, b }).SelectMany(pair => pair);
        var calls = new SpyStreamParser().ParseAll(woven).ToArray();
        Assert.Equal(8, calls.Length);
        Assert.Equal(2, calls.Count(c => c.Function == "SCardTransmit" && c.Response!.StatusWord == "6D00"));
        Assert.Equal(4, calls.Count(c => c.Thread == "AB12"));
    }

    [Fact]
    public void A_stream_cut_inside_a_call_gives_that_call_as_not_returned_with_its_arguments()
    {
        var parser = new SpyStreamParser();
        var calls = parser.ParseAll(Scriptor.Take(20)).ToArray();
        var last = calls[^1];
        Assert.Equal("SCardTransmit", last.Function);
        Assert.False(last.Returned);
        Assert.Null(last.Result);
        Assert.Null(last.Response);
        Assert.Equal("00 20 00 80 08 ** ** ** ** ** ** ** **", last.Command!.ToString());
        Assert.Contains("never returned", last.Meaning);
        Assert.Empty(last.Outputs);
    }

    [Fact]
    public void A_lost_return_or_garbage_is_counted_and_skipped()
    {
        var damaged = new List<string>(Scriptor);
        damaged.RemoveAt(3);
        damaged.Insert(0, "garbage without a thread");
        damaged.Insert(5, "XYZ@>|1|2|SCardConnect");
        damaged.Add("7F5C14380B80@<|1796172401|895141|SCardReleaseContext|Command successful.|0x00000000");
        var parser = new SpyStreamParser();
        var calls = parser.ParseAll(damaged).ToArray();
        Assert.Equal(3, parser.SkippedLines);
        Assert.False(calls[0].Returned);
        Assert.Equal("SCardEstablishContext", calls[0].Function);
        Assert.Equal(["SCardConnect", "SCardTransmit", "SCardDisconnect"], calls.Skip(1).Select(c => c.Function));
    }

    [Fact]
    public void Any_damage_to_a_capture_is_read_without_an_exception()
    {
        var lines = Scriptor.Concat(Scan).ToArray();
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 40]).Sample((seed, edits) =>
        {
            var random = new Random(seed);
            var damaged = new List<string>(lines);
            for (var i = 0; i < edits && damaged.Count > 0; i++)
            {
                var at = random.Next(damaged.Count);
                switch (random.Next(5))
                {
                    case 0: damaged.RemoveAt(at); break;
                    case 1: damaged[at] = damaged[at][..random.Next(damaged[at].Length + 1)]; break;
                    case 2: damaged.Insert(at, damaged[random.Next(damaged.Count)]); break;
                    case 3: damaged[at] += damaged[random.Next(damaged.Count)]; break;
                    default:
                        var bytes = new byte[random.Next(1, 60)];
                        random.NextBytes(bytes);
                        damaged.Insert(at, System.Text.Encoding.Latin1.GetString(bytes));
                        break;
                }
            }
            var parser = new SpyStreamParser();
            var calls = parser.ParseAll(damaged).ToArray();
            Assert.All(calls, call => Assert.NotNull(call.ToString()));
            Assert.True(calls.Length <= damaged.Count);
            _ = PcscCallSummary.Summarize(calls);
        }, iter: 3_000);
    }

    [Fact]
    public void The_summary_counts_calls_errors_and_time_per_function()
    {
        var calls = new SpyStreamParser().ParseAll(Scan.Concat(Scan)).ToArray();
        var summary = PcscCallSummary.Summarize(calls);
        var change = summary.Single(row => row.Function == "SCardGetStatusChange");
        Assert.Equal(2, change.Calls);
        Assert.Equal(2, change.Errors);
        Assert.Equal(TimeSpan.FromTicks(2 * 37100), change.TotalTime);
        Assert.Equal("SCardGetStatusChange", summary[0].Function);
        Assert.Empty(PcscCallSummary.Summarize([]));
    }
}
