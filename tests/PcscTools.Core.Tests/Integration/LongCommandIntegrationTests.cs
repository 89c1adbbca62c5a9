using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.Cards;
using PcscTools.Sessions;
using PcscTools.Simulator.VirtualCard;

namespace PcscTools.Tests.Integration;

/// <summary>Long commands through the real stack: an extended command to a T=0 card, a chain, STORE DATA blocks.</summary>
[Collection(RealStackCollection.Name)]
public sealed class LongCommandIntegrationTests(SimulatorFixture stack)
{
    /// <summary>3B 02 14 50: no interface bytes, so the card offers only T=0.</summary>
    private static readonly HexBytes T0Atr = new("3B 02 14 50");

    private static byte[] Counting(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public void An_extended_command_to_a_t0_card_travels_in_envelopes_and_is_carried_out()
    {
        stack.WithSession(new VirtualCard(T0Atr), (session, card) =>
        {
            Assert.Equal(CardProtocols.T0, session.Protocol);
            session.Transmit(CommandApdu.Parse("00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53"));
            session.Transmit(CommandApdu.Parse("00 A4 02 0C 02 01 02"));
            var data = Counting(300);
            var update = new CommandApdu(0x00, 0xD6, 0x00, 0x10, data);

            var response = session.Transmit(update);

            Assert.Equal("9000", response.StatusWord);
            Assert.Same(update, response.Command);
            Assert.Equal(["00 C2 00 00 FF", "00 C2 00 00 34", "00 C2 00 00"], response.Exchanges.Select(e => e.Command.ToString()[..Math.Min(14, e.Command.ToString().Length)]));
            Assert.Equal(data, card.Files.ReadFile(CardFileSystem.ApplicationAid.Hex, 0x0102)!.AsSpan(0x10, 300).ToArray());
        });
    }

    [Fact]
    public void An_extended_command_whose_data_fits_goes_to_a_t0_card_in_short_form()
    {
        stack.WithSession(new VirtualCard(T0Atr), (session, card) =>
        {
            session.Transmit(CommandApdu.Parse("00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53"));
            session.Transmit(CommandApdu.Parse("00 A4 02 0C 02 01 02"));

            var response = session.Transmit(new CommandApdu(0x00, 0xD6, 0x00, 0x00, [1, 2, 3], extended: true));

            Assert.Equal("9000", response.StatusWord);
            Assert.Equal("00 D6 00 00 03 01 02 03", card.ReceivedCommands[^1].ToString());
        });
    }

    [Fact]
    public void Store_data_blocks_reach_the_security_domain_in_order()
    {
        // Plain STORE DATA: this is about the blocks; the secure channel tests send them inside a channel.
        stack.WithSession(new VirtualCard { GlobalPlatform = { PlainContentCommands = true } }, (session, card) =>
        {
            session.Transmit(PcscTools.GlobalPlatform.GpCommands.Select(PcscTools.GlobalPlatform.GpCommands.IssuerSecurityDomainAid));
            var data = Counting(600);

            foreach (var block in StoreDataBlocks.Split(data, 0x00))
            {
                Assert.Equal("9000", session.Transmit(block).StatusWord);
            }

            Assert.Equal(data, card.GlobalPlatform.StoredData(PcscTools.GlobalPlatform.GpCommands.IssuerSecurityDomainAid.Hex).ToArray());
        });
    }
}
