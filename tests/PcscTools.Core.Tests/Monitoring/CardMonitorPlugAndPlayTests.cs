using PcscTools.Monitoring;
using PcscTools.Tests.Integration;

namespace PcscTools.Tests.Monitoring;

/// <summary>
/// Readers plugged in and unplugged during a watch, against <see cref="FakePlugAndPlayPcscApi"/> (a FAKE service):
/// the real pcscd here cannot add or remove vpcd readers at run time. The real stack's side of reader changes,
/// readers gone or new after a pcscd restart, is in <see cref="CardMonitorTests"/>.
/// </summary>
public sealed class CardMonitorPlugAndPlayTests
{
    private readonly FakePlugAndPlayPcscApi _fake = new();

    [Fact]
    public void Fake_service_follows_readers_plugged_in_and_unplugged_through_the_pnp_entry()
    {
        _fake.Plug("A");
        using (var run = WatchRun.Start(new CardMonitorOptions(), readerCount: 1, _fake))
        {
            _fake.WaitUntilBlocked();
            _fake.Plug("B", card: true);
            Assert.Equal((CardEventKind.ReaderAdded, "B"), Next(run));
            Assert.Equal((CardEventKind.CardInserted, "B"), Next(run));
            _fake.Unplug("A");
            Assert.Equal((CardEventKind.ReaderRemoved, "A"), Next(run));
            _fake.Unplug("B");
            Assert.Equal((CardEventKind.CardRemoved, "B"), Next(run));
            Assert.Equal((CardEventKind.ReaderRemoved, "B"), Next(run));

            // With no reader left, the watch waits on the PnP entry alone and still sees the next reader.
            _fake.WaitUntilBlocked();
            _fake.Plug("C");
            Assert.Equal((CardEventKind.ReaderAdded, "C"), Next(run));
            _fake.Insert("C");
            Assert.Equal((CardEventKind.CardInserted, "C"), Next(run));
            Assert.False(run.HasMore);
        }
        Assert.Equal(0, _fake.OpenContexts);
    }

    [Fact]
    public void Fake_service_a_reader_filter_also_applies_to_readers_plugged_in_later()
    {
        _fake.Plug("A");
        using var run = WatchRun.Start(new CardMonitorOptions { ReaderFilter = name => name == "A" || name.StartsWith('W') }, readerCount: 1, _fake);
        _fake.WaitUntilBlocked();
        _fake.Plug("B", card: true);
        _fake.WaitUntilBlocked();
        _fake.Plug("W1", card: true);
        Assert.Equal((CardEventKind.ReaderAdded, "W1"), Next(run));
        Assert.Equal((CardEventKind.CardInserted, "W1"), Next(run));
        Assert.False(run.HasMore);
    }

    private static (CardEventKind, string?) Next(WatchRun run)
    {
        var change = run.Next();
        return (change.Kind, change.Reader);
    }
}
