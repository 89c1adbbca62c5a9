using PcscTools.Sessions;
using PcscTools.Simulator;
using PcscTools.Simulator.VirtualCard;

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

    /// <summary>Runs <paramref name="test"/> with <paramref name="card"/> in the first reader and a session open to it; the reader is empty again afterwards.</summary>
    public void WithSession(VirtualCard card, Action<CardSession, VirtualCard> test)
    {
        Simulator.InsertCard(FirstReader, card);
        try
        {
            using var session = CardSession.Open(FirstReader);
            test(session, card);
        }
        finally
        {
            Simulator.RemoveCard(FirstReader);
        }
    }

    public void Dispose() => Simulator.Dispose();
}

/// <summary>Runs alone, after the parallel tests, so that leak counts and daemon kills see no other test's threads or load.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealStackCollection : ICollectionFixture<SimulatorFixture>
{
    public const string Name = "real PC/SC stack";
}
