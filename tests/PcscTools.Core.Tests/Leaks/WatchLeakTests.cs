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
    public void A_thousand_watches_stopped_while_waiting_leak_nothing()
    {
        const int cycles = 1_000;
        stack.Simulator.InsertCard(stack.FirstReader);
        static void Cycle()
        {
            // Started: the initial state was reported and the monitor waits in pcscd; then stopped, as Ctrl+C does.
            using var run = WatchRun.Start(new CardMonitorOptions(), readerCount: 2);
            run.Stop();
        }

        for (var i = 0; i < 20; i++)
        {
            Cycle();
        }
        var before = ResourceSnapshot.Take(stack.Simulator.Daemon);
        for (var i = 0; i < cycles; i++)
        {
            Cycle();
        }
        var slack = new LeakSlack();
        slack.AssertNoLeak(before, ResourceSnapshot.Settle(stack.Simulator.Daemon, before, slack), cycles);
    }
}
