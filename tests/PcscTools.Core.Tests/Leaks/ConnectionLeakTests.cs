using PcscTools.Contexts;
using PcscTools.Tests.Faults;
using PcscTools.Tests.Integration;

namespace PcscTools.Tests.Leaks;

/// <summary>Thousands of open/use/close cycles leave nothing behind, in this process or in pcscd.</summary>
[Collection(RealStackCollection.Name)]
public sealed class ConnectionLeakTests(SimulatorFixture stack) : IDisposable
{
    private const int WarmUp = 100;

    public void Dispose() => StackRecovery.Recover(stack);

    [Fact]
    public void Ten_thousand_connect_transmit_disconnect_cycles_leak_nothing()
    {
        const int cycles = 10_000;
        stack.Simulator.InsertCard(stack.FirstReader);
        using var context = PcscContext.Establish();
        var response = new byte[258];
        void Cycle()
        {
            using var connection = context.Connect(stack.FirstReader);
            connection.Transmit(TestApdus.SelectMasterFile, response);
        }

        Repeat(Cycle, WarmUp);
        var before = ResourceSnapshot.Take(stack.Simulator.Daemon);
        Repeat(Cycle, cycles);
        var slack = new LeakSlack();
        slack.AssertNoLeak(before, ResourceSnapshot.Settle(stack.Simulator.Daemon, before, slack), cycles);
    }

    [Fact]
    public void A_thousand_establish_connect_transmit_release_cycles_leave_no_context_in_pcscd()
    {
        const int cycles = 1_000;
        stack.Simulator.InsertCard(stack.FirstReader);
        var response = new byte[258];
        void Cycle()
        {
            using var context = PcscContext.Establish();
            using var connection = context.Connect(stack.FirstReader);
            connection.Transmit(TestApdus.SelectMasterFile, response);
        }

        Repeat(Cycle, WarmUp);
        var before = ResourceSnapshot.Take(stack.Simulator.Daemon);
        Repeat(Cycle, cycles);
        var slack = new LeakSlack();
        slack.AssertNoLeak(before, ResourceSnapshot.Settle(stack.Simulator.Daemon, before, slack), cycles);
    }

    private static void Repeat(Action cycle, int times)
    {
        for (var i = 0; i < times; i++)
        {
            cycle();
        }
    }
}
