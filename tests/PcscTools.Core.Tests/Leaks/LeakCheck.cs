using PcscTools.Simulator.Daemon;

namespace PcscTools.Tests.Leaks;

/// <summary>Runs a cycle often enough to warm up, counts, runs it <c>cycles</c> times more, and asserts nothing grew beyond the slack.</summary>
internal static class LeakCheck
{
    public static void AssertNoGrowth(PrivatePcscDaemon daemon, int cycles, Action cycle, int warmUp = 100)
    {
        for (var i = 0; i < warmUp; i++)
        {
            cycle();
        }
        var before = ResourceSnapshot.Take(daemon);
        for (var i = 0; i < cycles; i++)
        {
            cycle();
        }
        var slack = new LeakSlack();
        slack.AssertNoLeak(before, ResourceSnapshot.Settle(daemon, before, slack), cycles);
    }
}
