using CsCheck;
using Xunit.Abstractions;

namespace PcscTools.Tests.Fuzzing;

/// <summary>
/// A fuzz run bounded by time rather than by count: PCSCTOOLS_FUZZ_SECONDS per target (5 by default, so CI stays
/// within its budget; set it higher for a long local run). The number of inputs tried goes to the test output.
/// A failing input is shrunk and printed with the seed that reproduces it.
/// </summary>
internal static class FuzzBudget
{
    public const string Variable = "PCSCTOOLS_FUZZ_SECONDS";

    public static int Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out var seconds) && seconds > 0 ? seconds : 5;

    /// <param name="threads">1 for a target that shares one resource (a listener) between inputs; -1 for all cores.</param>
    public static void Run<T>(Gen<T> inputs, Action<T> target, ITestOutputHelper output, int threads = -1) =>
        inputs.Sample(target, writeLine: output.WriteLine, time: Seconds, threads: threads);

    public static void Run<T1, T2>(Gen<(T1, T2)> inputs, Action<T1, T2> target, ITestOutputHelper output, int threads = -1) =>
        inputs.Sample(target, writeLine: output.WriteLine, time: Seconds, threads: threads);
}
