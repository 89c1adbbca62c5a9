using PcscTools.Apdu;
using PcscTools.Contexts;
using PcscTools.Errors;
using PcscTools.Sessions;
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
    public void Forty_commands_given_up_on_leave_no_descriptor_thread_or_context_behind()
    {
        var card = stack.Simulator.InsertCard(stack.FirstReader);
        var command = CommandApdu.Parse(TestApdus.SelectMasterFile);
        var impatient = new ApduOptions { ResponseTimeout = TimeSpan.FromMilliseconds(20) };
        // The card answers every command after 250 ms: each session gives up at 20 ms, and pcscd lets go of it once the
        // card has answered. The margin is wide so that a busy machine's stall cannot let an answer arrive in time.
        card.ResponseDelay = TimeSpan.FromMilliseconds(250);
        LeakCheck.AssertNoGrowth(stack.Simulator.Daemon, cycles: 40, warmUp: 5, cycle: () =>
        {
            var session = CardSession.Open(stack.FirstReader);
            Assert.Equal(PcscError.Timeout, Assert.Throws<PcscException>(() => session.Transmit(command, impatient)).Code);
            Assert.False(session.IsOpen);
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
