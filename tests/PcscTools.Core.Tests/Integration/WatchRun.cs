using System.Collections.Concurrent;
using PcscTools.Interop;
using PcscTools.Monitoring;

namespace PcscTools.Tests.Integration;

/// <summary>A card monitor read on a background task, as a test sees it: the events one by one, and how the watch ended.</summary>
internal sealed class WatchRun : IDisposable
{
    private readonly BlockingCollection<CardEvent> _events = new();
    private readonly CancellationTokenSource _stop = new();

    private WatchRun(CardMonitor monitor)
    {
        Completion = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    foreach (var change in monitor.Events(_stop.Token))
                    {
                        _events.Add(change);
                    }
                }
                finally
                {
                    _events.CompleteAdding();
                }
            },
            TaskCreationOptions.LongRunning);
    }

    public Task Completion { get; }

    /// <summary>Starts watching and returns once the initial state was reported (so later changes are surely seen as changes).</summary>
    public static WatchRun Start(CardMonitorOptions options, int readerCount, IPcscApi? api = null)
    {
        var run = new WatchRun(CardMonitor.Start(options with { IncludeCurrent = true }, api));
        for (var i = 0; i < readerCount; i++)
        {
            Assert.True(run.Next().IsInitial);
        }
        return run;
    }

    public CardEvent Next(double seconds = 10)
    {
        Assert.True(_events.TryTake(out var change, TimeSpan.FromSeconds(seconds)), "no event arrived in time");
        return change!;
    }

    public bool HasMore => _events.Count > 0;

    /// <summary>Cancels the watch and returns how long the monitor took to end.</summary>
    public TimeSpan Stop()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        _stop.Cancel();
        Assert.True(Completion.Wait(TimeSpan.FromSeconds(5)), "the watch did not end after cancellation");
        return watch.Elapsed;
    }

    public void Dispose()
    {
        _stop.Cancel();
        ((IAsyncResult)Completion).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5));
        _stop.Dispose();
        _events.Dispose();
    }
}
