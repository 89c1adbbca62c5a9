using PcscTools.Tests.Integration;

namespace PcscTools.Tests.Faults;

/// <summary>Puts the shared stack back as the other tests expect it after a fault test: pcscd running, every reader empty.</summary>
internal static class StackRecovery
{
    public static void Recover(SimulatorFixture stack)
    {
        var daemonDied = stack.Simulator.Daemon.HasExited;
        foreach (var reader in stack.Simulator.ReaderNames)
        {
            // A dead pcscd took its vpcd links with it: forget the card without asking pcscd to confirm.
            stack.Simulator.RemoveCard(reader, wait: !daemonDied);
        }
        if (daemonDied)
        {
            stack.Simulator.Daemon.Restart();
        }
    }
}
