using PcscTools.Cards;
using PcscTools.Contexts;
using PcscTools.Errors;
using PcscTools.Interop;
using PcscTools.Monitoring;
using PcscTools.Readers;

namespace PcscTools.Tests.Integration;

[Collection(RealStackCollection.Name)]
public sealed class CardMonitorTests(SimulatorFixture stack)
{
    private const string Atr = "3B 80 80 01 01";

    [Fact]
    public void Reports_the_initial_state_of_each_reader_like_pcsc_scan()
    {
        stack.Simulator.InsertCard(stack.SecondReader);
        try
        {
            using var monitor = CardMonitor.Start(new CardMonitorOptions { IncludeCurrent = true, Timeout = TimeSpan.FromMilliseconds(200) });
            var events = monitor.Events().ToList();
            Assert.Equal([(CardEventKind.CardRemoved, stack.FirstReader, ""), (CardEventKind.CardInserted, stack.SecondReader, Atr)],
                events.Select(e => (e.Kind, e.Reader, e.Atr.ToString())));
            Assert.All(events, e => Assert.True(e.IsInitial));
        }
        finally
        {
            stack.Simulator.RemoveCard(stack.SecondReader);
        }
    }

    [Fact]
    public void Reports_insertions_and_removals_in_both_slots_in_order_with_readers_and_atrs()
    {
        using var run = WatchRun.Start(new CardMonitorOptions(), readerCount: 2);
        stack.Simulator.InsertCard(stack.FirstReader);
        var inserted = run.Next();
        stack.Simulator.InsertCard(stack.SecondReader);
        var second = run.Next();
        stack.Simulator.RemoveCard(stack.FirstReader);
        var removed = run.Next();
        stack.Simulator.RemoveCard(stack.SecondReader);
        var secondRemoved = run.Next();

        Assert.Equal(
            [
                (CardEventKind.CardInserted, stack.FirstReader, Atr),
                (CardEventKind.CardInserted, stack.SecondReader, Atr),
                (CardEventKind.CardRemoved, stack.FirstReader, ""),
                (CardEventKind.CardRemoved, stack.SecondReader, ""),
            ],
            new[] { inserted, second, removed, secondRemoved }.Select(e => (e.Kind, e.Reader, e.Atr.ToString())));
        Assert.Equal(inserted.EventNumber + 1, removed.EventNumber);
        Assert.False(inserted.IsInitial);
        Assert.False(run.HasMore);
    }

    /// <summary>
    /// pcscd (1.9.9) does not wake a waiting client when a card is taken or released, only on insertion, removal and
    /// reader changes; so, as with pcsc_scan, such a state change is reported with the next event.
    /// </summary>
    [Fact]
    public void Reports_a_card_taken_exclusively_with_the_next_event()
    {
        stack.Simulator.InsertCard(stack.FirstReader);
        try
        {
            using var run = WatchRun.Start(new CardMonitorOptions(), readerCount: 2);
            using (var context = PcscContext.Establish())
            using (context.Connect(stack.FirstReader, ShareMode.Exclusive))
            {
                stack.Simulator.InsertCard(stack.SecondReader);
                var taken = run.Next();
                Assert.Equal((CardEventKind.StateChanged, stack.FirstReader), (taken.Kind, taken.Reader));
                Assert.True(taken.State.HasFlag(ReaderStates.Exclusive), $"state {taken.State}");
                Assert.Equal((CardEventKind.CardInserted, stack.SecondReader), Pair(run.Next()));
            }
            stack.Simulator.RemoveCard(stack.SecondReader);
            var released = run.Next();
            Assert.Equal((CardEventKind.StateChanged, stack.FirstReader), (released.Kind, released.Reader));
            Assert.False(released.State.HasFlag(ReaderStates.Exclusive), $"state {released.State}");
            Assert.Equal((CardEventKind.CardRemoved, stack.SecondReader), Pair(run.Next()));
        }
        finally
        {
            stack.Simulator.RemoveCard(stack.SecondReader);
            stack.Simulator.RemoveCard(stack.FirstReader);
        }
    }

    private static (CardEventKind, string?) Pair(CardEvent change) => (change.Kind, change.Reader);

    [Fact]
    public void Watches_only_the_readers_its_filter_admits()
    {
        using var run = WatchRun.Start(new CardMonitorOptions { ReaderFilter = name => name == stack.SecondReader }, readerCount: 1);
        stack.Simulator.InsertCard(stack.FirstReader);
        stack.Simulator.InsertCard(stack.SecondReader);
        stack.Simulator.RemoveCard(stack.FirstReader);
        stack.Simulator.RemoveCard(stack.SecondReader);
        Assert.Equal(
            [(CardEventKind.CardInserted, stack.SecondReader), (CardEventKind.CardRemoved, stack.SecondReader)],
            new[] { run.Next(), run.Next() }.Select(e => (e.Kind, e.Reader)));
        Assert.False(run.HasMore);
    }

    [Fact]
    public void An_idle_watch_makes_no_calls_while_it_waits()
    {
        var api = new CountingPcscApi(PcscLibrary.Current);
        using var run = WatchRun.Start(new CardMonitorOptions(), readerCount: 2, api);
        var settled = Settle(api);
        Thread.Sleep(1000);
        Assert.Equal(settled, api.Calls);
        stack.Simulator.InsertCard(stack.FirstReader);
        try
        {
            Assert.Equal(CardEventKind.CardInserted, run.Next().Kind);
            // The event is handed over before the watch makes its next call, so that call is waited for, not expected at once.
            Assert.True(WaitUntil(() => api.Calls > settled), "the insertion woke the watch");
        }
        finally
        {
            stack.Simulator.RemoveCard(stack.FirstReader);
        }
    }

    [Fact]
    public void An_insertion_is_reported_from_the_wait_itself_and_costs_one_listing_and_the_next_wait()
    {
        var api = new CountingPcscApi(PcscLibrary.Current);
        using var run = WatchRun.Start(new CardMonitorOptions(), readerCount: 2, api);
        var settled = Settle(api);
        stack.Simulator.InsertCard(stack.FirstReader);
        try
        {
            Assert.Equal(CardEventKind.CardInserted, run.Next().Kind);
            // SCardListReaders (has a reader come?) and the next blocking SCardGetStatusChange; no snapshot of every reader.
            Assert.Equal(settled + 2, Settle(api));
        }
        finally
        {
            stack.Simulator.RemoveCard(stack.FirstReader);
        }
    }

    /// <summary>The call count once the watch has made its calls up to its blocking SCardGetStatusChange.</summary>
    private static int Settle(CountingPcscApi api)
    {
        // Read when the wait has begun, not after a quiet spell: on a busy machine a quiet spell can fall between two calls.
        Assert.True(WaitUntil(() => api.IsBlockedInWait), "the watch never went back to waiting");
        return api.Calls;
    }

    [Fact]
    public void Cancellation_ends_a_blocked_wait_at_once_and_releases_the_context()
    {
        AssertNoClientConnection("before the watch");
        using var run = WatchRun.Start(new CardMonitorOptions(), readerCount: 2);
        Assert.Equal(1, ClientConnections());
        var took = run.Stop();
        Assert.True(took < TimeSpan.FromMilliseconds(500), $"stopping took {took.TotalMilliseconds:0} ms");
        AssertNoClientConnection("after the watch");
    }

    [Fact]
    public void A_timeout_ends_the_watch_quietly_and_releases_the_context()
    {
        AssertNoClientConnection("before the watch");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var monitor = CardMonitor.Start(new CardMonitorOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        Assert.Empty(monitor.Events());
        Assert.InRange(watch.Elapsed.TotalMilliseconds, 250, 1500);
        AssertNoClientConnection("after the watch");
    }

    [Fact]
    public void Leaving_the_loop_early_releases_the_context()
    {
        AssertNoClientConnection("before the watch");
        using var monitor = CardMonitor.Start(new CardMonitorOptions { IncludeCurrent = true });
        Assert.Equal(stack.FirstReader, monitor.Events().First().Reader);
        AssertNoClientConnection("after the watch");
    }

    [Fact]
    public void Without_reconnect_a_pcscd_that_dies_ends_the_watch_with_a_service_error()
    {
        using var run = WatchRun.Start(new CardMonitorOptions(), readerCount: 2);
        try
        {
            stack.Simulator.Daemon.Kill();
            var error = Assert.Throws<AggregateException>(() => run.Completion.Wait(TimeSpan.FromSeconds(5))).InnerException;
            var failure = Assert.IsType<PcscException>(error);
            Assert.True(CardMonitor.IsServiceLoss(failure), $"unexpected code {failure.Code}");
        }
        finally
        {
            stack.Simulator.Daemon.Restart();
        }
    }

    [Fact]
    public void With_reconnect_reports_service_lost_and_restored_then_resumes()
    {
        using var run = WatchRun.Start(new CardMonitorOptions { Reconnect = true }, readerCount: 2);
        stack.Simulator.Daemon.Stop();
        var lost = run.Next();
        Assert.Equal(CardEventKind.ServiceLost, lost.Kind);
        Assert.Null(lost.Reader);
        Assert.False(string.IsNullOrEmpty(lost.Message));
        Assert.False(run.HasMore);
        stack.Simulator.Daemon.Restart();
        Assert.Equal(CardEventKind.ServiceRestored, run.Next().Kind);
        stack.Simulator.InsertCard(stack.FirstReader);
        try
        {
            var inserted = run.Next();
            Assert.Equal((CardEventKind.CardInserted, stack.FirstReader, Atr), (inserted.Kind, inserted.Reader, inserted.Atr.ToString()));
        }
        finally
        {
            stack.Simulator.RemoveCard(stack.FirstReader);
        }
    }

    [Fact]
    public void Readers_gone_or_new_after_a_pcscd_restart_are_reported_removed_and_added()
    {
        var before = stack.Simulator.ReaderNames;
        using var run = WatchRun.Start(new CardMonitorOptions { Reconnect = true }, readerCount: 2);
        try
        {
            // Two vpcd entries instead of one: pcscd numbers the readers, so all four names are new.
            stack.Simulator.Daemon.Restart(vpcdEntries: 2);
            var after = stack.Simulator.ReaderNames;
            Assert.Equal(4, after.Count);
            var expected = new List<(CardEventKind, string?)> { (CardEventKind.ServiceLost, null), (CardEventKind.ServiceRestored, null) };
            expected.AddRange(before.Select(name => (CardEventKind.ReaderRemoved, (string?)name)));
            expected.AddRange(after.Select(name => (CardEventKind.ReaderAdded, (string?)name)));
            Assert.Equal(expected, Enumerable.Range(0, expected.Count).Select(_ => run.Next()).Select(e => (e.Kind, e.Reader)));
            Assert.False(run.HasMore);
        }
        finally
        {
            stack.Simulator.Daemon.Restart(vpcdEntries: 1);
        }
        Assert.Equal(before, stack.Simulator.ReaderNames);
    }

    /// <summary>
    /// The client connections pcscd holds open: one per established context. Its sockets are found through its file
    /// descriptors and kept when /proc/net/unix lists them as connected Unix sockets (not vpcd's TCP ports nor the listening socket) (the daemon shares our network namespace).
    /// </summary>
    private int ClientConnections()
    {
        var connected = File.ReadLines("/proc/net/unix").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields[3] != "00010000")
            .Select(fields => $"socket:[{fields[6]}]")
            .ToHashSet();
        return Directory.EnumerateFileSystemEntries($"/proc/{stack.Simulator.Daemon.ProcessId}/fd")
            .Count(fd => new FileInfo(fd).LinkTarget is { } target && connected.Contains(target));
    }

    private void AssertNoClientConnection(string because) =>
        Assert.True(WaitUntil(() => ClientConnections() == 0), $"pcscd still holds {ClientConnections()} client connection(s) {because}");

    private static bool WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            Thread.Sleep(10);
        }
        return true;
    }
}
