using PcscTools.Bytes;
using PcscTools.Cards;
using PcscTools.Contexts;
using PcscTools.Errors;

namespace PcscTools.Tests.Integration;

[Collection(RealStackCollection.Name)]
public sealed class CardConnectionTests(SimulatorFixture stack)
{
    [Fact]
    public void Transmits_through_pcscd_and_vpcd_to_the_virtual_card()
    {
        var card = stack.Simulator.InsertCard(stack.FirstReader);
        try
        {
            using var context = PcscContext.Establish();
            using var connection = context.Connect(stack.FirstReader);
            Assert.Equal(CardProtocols.T1, connection.Protocol);
            var response = new byte[258];
            var select = Hex.Parse("00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53");
            var length = connection.Transmit(select, response);
            Assert.Equal("90 00", Hex.Format(response.AsSpan(0, length)));
            Assert.Equal(new HexBytes(select), card.ReceivedCommands[^1]);
        }
        finally
        {
            stack.Simulator.RemoveCard(stack.FirstReader);
        }
    }

    [Fact]
    public void Connecting_to_an_empty_reader_fails_with_no_smartcard()
    {
        using var context = PcscContext.Establish();
        var error = Assert.Throws<PcscException>(() => context.Connect(stack.SecondReader));
        Assert.Equal(PcscError.NoSmartcard, error.Code);
        Assert.Equal(stack.SecondReader, error.Target);
    }

    [Fact]
    public void Status_reports_the_reader_and_atr()
    {
        stack.Simulator.InsertCard(stack.FirstReader);
        try
        {
            using var context = PcscContext.Establish();
            using var connection = context.Connect(stack.FirstReader);
            var status = connection.Status();
            Assert.Equal(stack.FirstReader, status.ReaderName);
            Assert.Equal("3B 80 80 01 01", Hex.Format(status.Atr));
            Assert.True(status.State.HasFlag(CardState.Present));
        }
        finally
        {
            stack.Simulator.RemoveCard(stack.FirstReader);
        }
    }
}
