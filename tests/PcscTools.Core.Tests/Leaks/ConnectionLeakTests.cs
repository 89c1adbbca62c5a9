using PcscTools.Contexts;
using PcscTools.Tests.Faults;
using PcscTools.Tests.Integration;

namespace PcscTools.Tests.Leaks;

/// <summary>Thousands of open/use/close cycles leave nothing behind, in this process or in pcscd.</summary>
[Collection(RealStackCollection.Name)]
public sealed class ConnectionLeakTests(SimulatorFixture stack) : IDisposable
{
    private readonly byte[] _response = new byte[258];

    public void Dispose() => StackRecovery.Recover(stack);

    [Fact]
    public void Ten_thousand_connect_transmit_disconnect_cycles_leak_nothing()
    {
        stack.Simulator.InsertCard(stack.FirstReader);
        using var context = PcscContext.Establish();
        LeakCheck.AssertNoGrowth(stack.Simulator.Daemon, cycles: 10_000, () =>
        {
            using var connection = context.Connect(stack.FirstReader);
            connection.Transmit(TestApdus.SelectMasterFile, _response);
        });
    }

    [Fact]
    public void A_thousand_establish_connect_transmit_release_cycles_leave_no_context_in_pcscd()
    {
        stack.Simulator.InsertCard(stack.FirstReader);
        LeakCheck.AssertNoGrowth(stack.Simulator.Daemon, cycles: 1_000, () =>
        {
            using var context = PcscContext.Establish();
            using var connection = context.Connect(stack.FirstReader);
            connection.Transmit(TestApdus.SelectMasterFile, _response);
        });
    }
}
