using PcscTools.Monitoring;
using PcscTools.Readers;

namespace PcscTools.Tests.Monitoring;

public sealed class ReaderChangesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Now;

    private static PcscReader Empty(string name, int events = 0) => new(name, ReaderStateWord.Join(ReaderStates.Empty, events), []);

    private static PcscReader WithCard(string name, int events = 1, ReaderStates extra = 0, byte[]? atr = null) =>
        new(name, ReaderStateWord.Join(ReaderStates.Present | extra, events), atr ?? [0x3B, 0x80, 0x80, 0x01, 0x01]);

    private static (CardEventKind, string?)[] Diff(PcscReader[] before, PcscReader[] after, bool sameService = true) =>
        ReaderChanges.Between(before, after, Now, sameService).Select(e => (e.Kind, e.Reader)).ToArray();

    [Fact]
    public void An_unchanged_reader_gives_no_event() =>
        Assert.Empty(Diff([WithCard("A")], [WithCard("A")]));

    [Fact]
    public void A_new_reader_is_added_and_its_card_inserted() =>
        Assert.Equal([(CardEventKind.ReaderAdded, "B"), (CardEventKind.CardInserted, "B")], Diff([Empty("A")], [Empty("A"), WithCard("B")]));

    [Fact]
    public void A_vanished_reader_loses_its_card_then_goes() =>
        Assert.Equal([(CardEventKind.CardRemoved, "A"), (CardEventKind.ReaderRemoved, "A")], Diff([WithCard("A"), Empty("B")], [Empty("B")]));

    [Fact]
    public void A_card_swapped_between_two_looks_is_removed_then_inserted() =>
        Assert.Equal([(CardEventKind.CardRemoved, "A"), (CardEventKind.CardInserted, "A")], Diff([WithCard("A", events: 1)], [WithCard("A", events: 3)]));

    [Fact]
    public void After_a_service_restart_only_a_different_atr_counts_as_a_swap()
    {
        Assert.Empty(Diff([WithCard("A", events: 7)], [WithCard("A", events: 1)], sameService: false));
        Assert.Equal([(CardEventKind.CardRemoved, "A"), (CardEventKind.CardInserted, "A")],
            Diff([WithCard("A", events: 7)], [WithCard("A", events: 1, atr: [0x3B, 0x00])], sameService: false));
    }

    [Fact]
    public void Exclusive_in_use_and_mute_changes_are_state_changes_but_power_is_not()
    {
        Assert.Equal([(CardEventKind.StateChanged, "A")], Diff([WithCard("A")], [WithCard("A", extra: ReaderStates.InUse)]));
        Assert.Equal([(CardEventKind.StateChanged, "A")], Diff([WithCard("A", extra: ReaderStates.InUse)], [WithCard("A", extra: ReaderStates.Exclusive | ReaderStates.InUse)]));
        Assert.Equal([(CardEventKind.StateChanged, "A")], Diff([WithCard("A")], [WithCard("A", extra: ReaderStates.Mute)]));
        Assert.Empty(Diff([WithCard("A")], [WithCard("A", extra: ReaderStates.Unpowered)]));
    }

    [Fact]
    public void Insertion_carries_the_atr_and_event_number_and_removal_no_atr()
    {
        var inserted = ReaderChanges.Between([Empty("A", 4)], [WithCard("A", events: 5)], Now).Single();
        Assert.Equal((CardEventKind.CardInserted, "3B 80 80 01 01", 5), (inserted.Kind, inserted.Atr.ToString(), inserted.EventNumber));
        var removed = ReaderChanges.Between([WithCard("A", events: 5)], [Empty("A", 6)], Now).Single();
        Assert.Equal((CardEventKind.CardRemoved, 0, 6), (removed.Kind, removed.Atr.Length, removed.EventNumber));
    }

    [Fact]
    public void The_initial_report_is_inserted_or_removed_like_pcsc_scan()
    {
        Assert.Equal(CardEventKind.CardInserted, ReaderChanges.Initial(WithCard("A"), Now).Kind);
        Assert.Equal(CardEventKind.CardRemoved, ReaderChanges.Initial(Empty("A"), Now).Kind);
        Assert.True(ReaderChanges.Initial(Empty("A"), Now).IsInitial);
    }
}
