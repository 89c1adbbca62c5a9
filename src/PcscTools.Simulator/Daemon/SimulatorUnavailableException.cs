namespace PcscTools.Simulator.Daemon;

/// <summary>The simulator cannot run on this machine; the message says what is missing and how to get it.</summary>
public sealed class SimulatorUnavailableException : Exception
{
    public SimulatorUnavailableException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
