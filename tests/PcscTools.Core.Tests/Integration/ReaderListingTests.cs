using PcscTools.Contexts;
using PcscTools.Readers;

namespace PcscTools.Tests.Integration;

[Collection(RealStackCollection.Name)]
public sealed class ReaderListingTests(SimulatorFixture stack)
{
    [Fact]
    public void Lists_both_slots_of_the_vpcd_reader()
    {
        using var context = PcscContext.Establish();
        Assert.Equal(stack.Simulator.ReaderNames, context.ListReaders());
    }

    [Fact]
    public void An_empty_reader_has_no_card_and_no_atr()
    {
        using var context = PcscContext.Establish();
        var reader = context.GetReaders().Single(r => r.Name == stack.SecondReader);
        Assert.False(reader.CardPresent);
        Assert.True(reader.State.HasFlag(ReaderStates.Empty));
        Assert.Equal(0, reader.Atr.Length);
    }

    [Fact]
    public void An_inserted_card_shows_with_its_atr_and_a_higher_event_count()
    {
        using var context = PcscContext.Establish();
        var before = context.GetReaders().Single(r => r.Name == stack.FirstReader).EventCount;
        stack.Simulator.InsertCard(stack.FirstReader);
        try
        {
            var reader = context.GetReaders().Single(r => r.Name == stack.FirstReader);
            Assert.True(reader.CardPresent);
            Assert.Equal("3B 80 80 01 01", reader.Atr.ToString());
            Assert.True(reader.EventCount > before, $"event count {reader.EventCount} should exceed {before}");
        }
        finally
        {
            stack.Simulator.RemoveCard(stack.FirstReader);
        }
    }
}
