using PcscTools.Simulator;

namespace PcscTools.Tests.Integration;

/// <summary>
/// One private pcscd with vpcd readers for the whole test run: libpcsclite reads its socket name once per
/// process, so every integration test shares it. Tests leave the readers as they found them (empty).
/// </summary>
public sealed class SimulatorFixture : IDisposable
{
    public SimulatorFixture()
    {
        Simulator = PcscSimulator.Start(vpcdEntries: 1);
    }

    public PcscSimulator Simulator { get; }

    public string FirstReader => Simulator.ReaderNames[0];

    public string SecondReader => Simulator.ReaderNames[1];

    public void Dispose() => Simulator.Dispose();
}

/// <summary>Runs alone, after the parallel tests, so that leak counts and daemon kills see no other test's threads or load.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealStackCollection : ICollectionFixture<SimulatorFixture>
{
    public const string Name = "real PC/SC stack";
}
