using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.Cards;
using PcscTools.Simulator.VirtualCard;
using PcscTools.Sessions;

namespace PcscTools.Tests.Integration;

/// <summary>The exchange engine against the real stack: libpcsclite → pcscd → vpcd → a virtual card scripted to chain (61xx) or to insist on Le (6Cxx).</summary>
[Collection(RealStackCollection.Name)]
public sealed class ApduEngineTests(SimulatorFixture stack)
{
    private const string SelectApplication = "00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53";

    [Fact]
    public void Joins_a_61xx_chain_with_get_response_and_lists_every_exchange()
    {
        stack.WithSession(new VirtualCard { ChainResponses = true }, (session, card) =>
        {
            session.Transmit(CommandApdu.Parse(SelectApplication));
            session.Transmit(CommandApdu.Parse("00 A4 02 0C 02 01 02"));
            var response = session.Transmit(CommandApdu.Parse("00 B0 00 00 00 04 00"));
            Assert.Equal("9000", response.StatusWord);
            Assert.Equal(Enumerable.Range(0, 1024).Select(i => (byte)i).ToArray(), response.Data.ToArray());
            Assert.Equal(["00 B0 00 00 00 04 00", "00 C0 00 00 00", "00 C0 00 00 00", "00 C0 00 00 00", "00 C0 00 00 00"],
                response.Exchanges.Select(e => e.Command.ToString()));
            Assert.Equal(["6100", "6100", "6100", "6100", "9000"], response.Exchanges.Select(e => e.StatusWord));
            Assert.Equal(response.Exchanges.Select(e => e.Command.Bytes), card.ReceivedCommands.TakeLast(5));
        });
    }

    [Fact]
    public void Leaves_61xx_alone_when_auto_response_is_off()
    {
        stack.WithSession(new VirtualCard { ChainResponses = true }, (session, card) =>
        {
            session.Transmit(CommandApdu.Parse(SelectApplication));
            session.Transmit(CommandApdu.Parse("00 A4 02 0C 02 01 01"));
            var response = session.Transmit(CommandApdu.Parse("00 B0 00 00 10"), new ApduOptions { AutoResponse = false });
            Assert.Equal("6110", response.StatusWord);
            Assert.True(response.IsSuccess);
            Assert.Equal(0, response.Data.Length);
            Assert.Single(response.Exchanges);
            Assert.Equal(new HexBytes("00 B0 00 00 10"), card.ReceivedCommands[^1]);
        });
    }

    [Fact]
    public void Resends_with_the_le_a_6Cxx_names()
    {
        stack.WithSession(new VirtualCard { StrictLe = true }, (session, card) =>
        {
            var response = session.Transmit(CommandApdu.Parse("00 A4 00 00 02 3F 00 05"));
            Assert.Equal("9000", response.StatusWord);
            Assert.Equal(10, response.Data.Length);
            Assert.Equal(["00 A4 00 00 02 3F 00 05", "00 A4 00 00 02 3F 00 0A"], response.Exchanges.Select(e => e.Command.ToString()));
            Assert.Equal("6C0A", response.Exchanges[0].StatusWord);
        });
    }

    [Fact]
    public void A_scripted_6Cxx_then_61xx_is_followed_to_the_end()
    {
        var card = new VirtualCard()
            .Respond("80 CA 9F 7F 00", "6C 04")
            .Respond("80 CA 9F 7F 04", "61 02")
            .Respond("00 C0 00 00 02", "CA FE 90 00");
        stack.WithSession(card, (session, _) =>
        {
            var response = session.Transmit(CommandApdu.Parse("80 CA 9F 7F 00"));
            Assert.Equal("CA FE", response.Data.ToString());
            Assert.Equal(["80 CA 9F 7F 00", "80 CA 9F 7F 04", "00 C0 00 00 02"], response.Exchanges.Select(e => e.Command.ToString()));
        });
    }

    [Fact]
    public void Extended_length_commands_and_answers_travel_end_to_end()
    {
        stack.WithSession(new VirtualCard(), (session, card) =>
        {
            session.Transmit(CommandApdu.Parse(SelectApplication));
            session.Transmit(CommandApdu.Parse("00 A4 02 0C 02 01 01"));
            var content = Enumerable.Range(0, 256).Select(i => (byte)(255 - i)).ToArray();
            var update = new CommandApdu(0x00, 0xD6, 0x00, 0x00, content);
            Assert.Equal(ApduCase.Case3Extended, update.Case);
            Assert.Equal("9000", session.Transmit(update).StatusWord);
            var read = session.Transmit(new CommandApdu(0x00, 0xB0, 0x00, 0x00, le: 0, extended: true));
            Assert.Equal(content, read.Data.ToArray());
            Assert.Equal("9000", read.StatusWord);
        });
    }

    [Fact]
    public void Receives_the_largest_answer_vpcd_can_carry()
    {
        var big = new byte[65533];
        new Random(7).NextBytes(big);
        var card = new VirtualCard().Respond("80 10 00 00 00 00 00", Hex.Format(big, "") + "9000");
        stack.WithSession(card, (session, _) =>
        {
            var response = session.Transmit(CommandApdu.Parse("80 10 00 00 00 00 00"));
            Assert.Equal(big, response.Data.ToArray());
        });
    }

    [Fact]
    public void Redacts_pin_data_in_the_response_and_the_history_but_sends_it()
    {
        var card = new VirtualCard().Respond("00 20 00 81 *", "63 C2");
        stack.WithSession(card, (session, _) =>
        {
            var verify = CommandApdu.Parse("00 20 00 81 06 31 32 33 34 35 36");
            var response = session.Transmit(verify);
            Assert.Equal("00 20 00 81 06 ** ** ** ** ** **", response.Command.ToString());
            Assert.Equal("00 20 00 81 06 ** ** ** ** ** **", session.History[^1].Command.ToString());
            Assert.Contains("2 retries left", response.Meaning);
            Assert.Equal(verify.Bytes, card.ReceivedCommands[^1]);
            var shown = session.Transmit(verify, new ApduOptions { ShowSecrets = true });
            Assert.Equal("00 20 00 81 06 31 32 33 34 35 36", shown.Command.ToString());
        });
    }

    [Fact]
    public void A_t0_case_4_command_is_sent_without_le_and_its_answer_fetched()
    {
        // 3B 02 14 50: no interface bytes, so the card offers only T=0.
        var card = new VirtualCard(new HexBytes("3B 02 14 50"))
            .Respond("00 A4 04 00 02 3F 00", "61 04")
            .Respond("00 C0 00 00 04", "62 02 80 00 90 00");
        stack.WithSession(card, (session, _) =>
        {
            Assert.Equal(CardProtocols.T0, session.Protocol);
            var response = session.Transmit(CommandApdu.Parse("00 A4 04 00 02 3F 00 00"));
            Assert.Equal("62 02 80 00", response.Data.ToString());
            Assert.Equal("00 A4 04 00 02 3F 00 00", response.Command.ToString());
            Assert.Equal(["00 A4 04 00 02 3F 00", "00 C0 00 00 04"], response.Exchanges.Select(e => e.Command.ToString()));
        });
    }
}
