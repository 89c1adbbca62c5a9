namespace PcscTools.Tests.Leaks;

/// <summary>Tests that count process-wide allocations or threads: they run alone, after the parallel tests, so no other test's work is counted.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedCollection
{
    public const string Name = "alone";
}
