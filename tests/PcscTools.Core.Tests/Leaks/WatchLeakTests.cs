using PcscTools.Monitoring;
using PcscTools.Tests.Faults;
using PcscTools.Tests.Integration;

namespace PcscTools.Tests.Leaks;

/// <summary>A thousand watches started and stopped leave nothing behind, in this process or in pcscd.</summary>
[Collection(RealStackCollection.Name)]
public sealed class WatchLeakTests(SimulatorFixture stack) : IDisposable
{
    public void Dispose() => StackRecovery.Recover(stack);

    [Fact]
    public void A_thousand_watches_stopped_after_their_initial_state_leak_nothing()
    {
        stack.Simulator.InsertCard(stack.FirstReader);
        // Started (the initial state was reported, the monitor goes on to wait in pcscd), then stopped as Ctrl+C does.
        LeakCheck.AssertNoGrowth(stack.Simulator.Daemon, cycles: 1_000, warmUp: 20, cycle: () =>
        {
            using var run = WatchRun.Start(new CardMonitorOptions(), readerCount: 2);
            run.Stop();
        });
    }
}
