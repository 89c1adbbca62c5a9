using PcscTools.Bytes;
using PcscTools.Simulator.VirtualCard;
using PcscTools.Transcripts;

namespace PcscTools.Tests.Simulator;

/// <summary>A transcript survives the file, and a virtual card replays it in recorded order, falling back to its built-ins.</summary>
public sealed class TranscriptReplayTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"pcsctools-transcript-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_path);

    private static TranscriptSession Session(params (string Command, string Response)[] exchanges) => new()
    {
        Reader = "Reader 00 00",
        Atr = "3B 80 80 01 01",
        Protocol = "T1",
        Started = DateTimeOffset.UnixEpoch,
        Exchanges = exchanges.Select(e => new TranscriptExchange { Command = e.Command, Response = e.Response, ElapsedMs = 1.5 }).ToList(),
    };

    private static string Answer(VirtualCard card, string command) => Hex.Format(card.Process(Hex.Parse(command)));

    [Fact]
    public void Sessions_appended_to_a_file_load_back_as_written()
    {
        ApduTranscript.Append(_path, Session(("00 B0 00 00 02", "01 02 90 00")));
        ApduTranscript.Append(_path, Session(("80 CA 00 01 00", "6A 88")));

        var loaded = ApduTranscript.Load(_path);

        Assert.Equal(ApduTranscript.CurrentFormat, loaded.Format);
        Assert.Equal(2, loaded.Sessions.Count);
        Assert.Equal("01 02 90 00", loaded.Sessions[0].Exchanges[0].Response);
        Assert.Equal(1.5, loaded.Sessions[1].Exchanges[0].ElapsedMs);
        Assert.Equal("T1", loaded.Sessions[1].Protocol);
    }

    [Theory]
    [InlineData("{\"something\": \"else\"}")]
    [InlineData("not json")]
    [InlineData("{\"format\": \"Other/2\", \"sessions\": []}")]
    public void A_file_that_is_not_a_transcript_is_refused(string text)
    {
        File.WriteAllText(_path, text);
        Assert.Throws<InvalidDataException>(() => ApduTranscript.Load(_path));
        Assert.Throws<InvalidDataException>(() => ApduTranscript.Append(_path, Session()));
        Assert.Equal(text, File.ReadAllText(_path));
    }

    [Fact]
    public void The_card_answers_in_recorded_order_each_exchange_once_then_with_its_built_ins()
    {
        var card = new VirtualCard(new HexBytes("3B 00"));
        var transcript = new ApduTranscript
        {
            Format = ApduTranscript.CurrentFormat,
            Sessions = [Session(("00 B0 00 00 02", "11 11 90 00"), ("00 D6 00 00 02 22 22", "90 00"), ("00 B0 00 00 02", "22 22 90 00"))],
        };

        TranscriptReplay.Apply(card, transcript);

        Assert.Equal("3B 80 80 01 01", card.Atr.ToString());
        Assert.Equal("11 11 90 00", Answer(card, "00 B0 00 00 02"));
        Assert.Equal("22 22 90 00", Answer(card, "00 B0 00 00 02")); // the UPDATE was skipped: the next matching READ answers
        Assert.Equal("6D 00", Answer(card, "80 CA 00 01 00"));          // recorded nowhere: the built-ins answer
        Assert.Equal("69 86", Answer(card, "00 D6 00 00 02 22 22"));    // before the last match: the built-in answers (no current EF)
    }

    [Fact]
    public void A_redacted_pin_matches_any_pin()
    {
        var card = new VirtualCard();
        card.Replay("00 20 00 81 04 ?? ?? ?? ??", "63 C2");
        TranscriptReplay.Apply(card, new ApduTranscript { Format = ApduTranscript.CurrentFormat, Sessions = [Session(("00 20 00 81 04 ** ** ** **", "90 00"))] });

        Assert.Equal("63 C2", Answer(card, "00 20 00 81 04 39 39 39 39"));
        Assert.Equal("90 00", Answer(card, "00 20 00 81 04 31 32 33 34"));
    }

    [Fact]
    public void Hex_that_is_not_hex_is_invalid_data()
    {
        var transcript = new ApduTranscript { Format = ApduTranscript.CurrentFormat, Sessions = [Session(("00 ZZ", "90 00"))] };
        Assert.Throws<InvalidDataException>(() => TranscriptReplay.Apply(new VirtualCard(), transcript));
    }
}
