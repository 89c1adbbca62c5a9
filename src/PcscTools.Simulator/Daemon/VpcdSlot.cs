namespace PcscTools.Simulator.Daemon;

/// <summary>One vpcd reader slot: the name pcscd gives it and the loopback port a virtual card connects to.</summary>
public sealed record VpcdSlot(string ReaderName, int Port);
