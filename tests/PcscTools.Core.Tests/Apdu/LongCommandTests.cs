using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.Cards;
using PcscTools.Tlv;

namespace PcscTools.Tests.Apdu;

public sealed class LongCommandTests
{
    private static byte[] Counting(int length) => Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

    [Fact]
    public void Chaining_sets_cla_b5_on_every_link_but_the_last_and_asks_le_only_there()
    {
        var data = Counting(600);
        var command = new CommandApdu(0x00, 0xDB, 0x3F, 0xFF, data, le: 0);

        var links = CommandChaining.Split(command);

        Assert.Equal([0x10, 0x10, 0x00], links.Select(l => l.Cla));
        Assert.Equal([255, 255, 90], links.Select(l => l.Lc));
        Assert.Equal([null, null, 256], links.Select(l => l.Le));
        Assert.All(links, l => Assert.False(l.IsExtended));
        Assert.Equal(data, links.SelectMany(l => l.Data!.ToArray()));
        Assert.Equal("10 DB 3F FF FF 00 01", links[0].ToString()[..20]);
    }

    [Fact]
    public void A_command_that_fits_is_not_chained()
    {
        var command = new CommandApdu(0x00, 0xDB, 0x3F, 0xFF, Counting(255));

        Assert.Same(command, Assert.Single(CommandChaining.Split(command)));
    }

    [Fact]
    public void Chaining_a_command_whose_cla_already_chains_is_refused()
    {
        var command = new CommandApdu(0x10, 0xDB, 0x3F, 0xFF, Counting(300));

        Assert.Throws<ApduFormatException>(() => CommandChaining.Split(command));
    }

    [Fact]
    public void Envelopes_carry_the_whole_extended_command_then_an_empty_one()
    {
        var command = new CommandApdu(0x00, 0xD6, 0x00, 0x00, Counting(300), le: 0);

        var envelopes = EnvelopeCommands.Split(command);

        Assert.Equal(3, envelopes.Count);
        Assert.All(envelopes, e => Assert.Equal("00 C2 00 00", e.ToString()[..11]));
        Assert.Equal([255, 54, 0], envelopes.Select(e => e.Lc));
        Assert.Equal(command.Bytes!.ToArray(), envelopes.SelectMany(e => e.Data!.ToArray()));
        Assert.Equal(ApduCase.Case1, envelopes[^1].Case);
    }

    [Fact]
    public void Over_t0_an_extended_command_with_little_data_goes_short_and_one_with_much_in_envelopes()
    {
        var options = ApduOptions.Default;
        var small = new CommandApdu(0x00, 0xB0, 0x00, 0x00, le: 1000);
        var large = new CommandApdu(0x00, 0xD6, 0x00, 0x00, Counting(300));

        Assert.Equal("00 B0 00 00 00", Assert.Single(LongCommand.Parts(small, CardProtocols.T0, options)!).ToString());
        Assert.Equal(EnvelopeCommands.Ins, LongCommand.Parts(large, CardProtocols.T0, options)![0].Ins);
        Assert.Null(LongCommand.Parts(large, CardProtocols.T1, options));
        Assert.Equal(2, LongCommand.Parts(large, CardProtocols.T1, options with { Chaining = true })!.Count);
        Assert.Null(LongCommand.Parts(large, CardProtocols.T0, options with { AutoResponse = false }));
    }

    [Fact]
    public void A_pin_command_is_never_put_in_envelopes_that_would_show_it()
    {
        var verify = new CommandApdu(0x00, 0x20, 0x00, 0x81, Counting(300));

        var e = Assert.Throws<ApduFormatException>(() => LongCommand.Parts(verify, CardProtocols.T0, ApduOptions.Default));

        Assert.DoesNotContain("01 02 03", e.Message);
        Assert.Contains("**", e.Message);
    }

    [Fact]
    public void A_sequence_answers_for_the_whole_command_and_stops_at_a_refused_part()
    {
        var command = new CommandApdu(0x00, 0xDB, 0x3F, 0xFF, Counting(600));
        var parts = CommandChaining.Split(command);
        var sent = new List<CommandApdu>();
        ResponseApdu Answer(CommandApdu part, string response)
        {
            sent.Add(part);
            var bytes = Hex.Parse(response);
            return new ResponseApdu("r", part, new HexBytes(bytes.AsSpan(0, bytes.Length - 2)), bytes[^2], bytes[^1], TimeSpan.FromMilliseconds(1),
                [new ApduExchange(part, new HexBytes(bytes), TimeSpan.FromMilliseconds(1))]);
        }

        var whole = LongCommand.Send(command, parts, p => Answer(p, p.Cla == 0x00 ? "AA 90 00" : "90 00"), false);
        Assert.Same(command, whole.Command);
        Assert.Equal("9000", whole.StatusWord);
        Assert.Equal(new HexBytes("AA"), whole.Data);
        Assert.Equal(3, whole.Exchanges.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(3), whole.Elapsed);

        sent.Clear();
        var refused = LongCommand.Send(command, parts, p => Answer(p, "68 84"), false);
        Assert.Equal("6884", refused.StatusWord);
        Assert.Single(sent);
    }

    [Fact]
    public void Store_data_numbers_its_blocks_and_marks_the_last()
    {
        var blocks = StoreDataBlocks.Split(Counting(500), StoreDataBlocks.DgiFormat);

        Assert.Equal([0x20, 0x20, 0xA0], blocks.Select(b => b.P1));
        Assert.Equal([0, 1, 2], blocks.Select(b => (int)b.P2));
        Assert.Equal([239, 239, 22], blocks.Select(b => b.Lc));
        Assert.All(blocks, b => Assert.Equal("80 E2", b.ToString()[..5]));
        Assert.Equal(Counting(500), blocks.SelectMany(b => b.Data!.ToArray()));
    }

    [Fact]
    public void Store_data_of_nothing_is_one_empty_last_block()
    {
        var block = Assert.Single(StoreDataBlocks.Split([], 0x00));

        Assert.Equal("80 E2 80 00", block.ToString());
    }

    [Fact]
    public void Store_data_never_splits_a_dgi_that_fits_a_block_and_runs_a_longer_one_on()
    {
        var small = new DgiRecord(0x0101, Counting(100));
        var large = new DgiRecord(0x0202, Counting(400));
        var tail = new DgiRecord(0x0303, Counting(10));

        var blocks = StoreDataBlocks.SplitRecords([small, small, large, tail]);

        // 103 + 103 + the first 33 bytes of the 405-byte record; 239 more of it; its last 133 and the 13-byte tail.
        Assert.Equal([239, 239, 146], blocks.Select(b => b.Lc));
        Assert.Equal([0xA0], blocks.Where(b => (b.P1 & 0x80) != 0).Select(b => b.P1));
        // A record that fits a block but not the room left starts the next block.
        Assert.Equal([206, 103], StoreDataBlocks.SplitRecords([small, small, small]).Select(b => b.Lc));
        var joined = blocks.SelectMany(b => b.Data!.ToArray()).ToArray();
        Assert.Equal(DgiRecord.Encode([small, small, large, tail]), joined);
    }

    [Fact]
    public void Store_data_beyond_256_blocks_is_refused()
    {
        Assert.Throws<ArgumentException>(() => StoreDataBlocks.Split(new byte[257 * 10], 0, blockLength: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => StoreDataBlocks.Split(new byte[10], 0, blockLength: 0));
    }
}
