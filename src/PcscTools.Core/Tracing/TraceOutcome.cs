namespace PcscTools.Tracing;

/// <summary>How a traced program ended, and what the trace could not account for.</summary>
public sealed class TraceOutcome
{
    private const int SignalSegmentationFault = 11;

    internal TraceOutcome(int exitCode, bool stopped, int skippedLines, IReadOnlyList<PcscCall> unreturned, string? homeOverrideReason)
    {
        ExitCode = exitCode;
        Stopped = stopped;
        SkippedLines = skippedLines;
        Unreturned = unreturned;
        HomeOverrideReason = homeOverrideReason;
    }

    /// <summary>The program's exit code; 128 + N when signal N ended it.</summary>
    public int ExitCode { get; }

    /// <summary>The signal that likely ended the program (exit codes above 128 are how a shell reports one).</summary>
    public int? Signal => ExitCode is > 128 and < 128 + 65 ? ExitCode - 128 : null;

    /// <summary>The trace was stopped (Ctrl+C) and the program ended by it.</summary>
    public bool Stopped { get; }

    /// <summary>Lines of the stream that belonged to no call.</summary>
    public int SkippedLines { get; }

    /// <summary>Calls under way when the program ended.</summary>
    public IReadOnlyList<PcscCall> Unreturned { get; }

    /// <summary>Why the program ran with another HOME; null when it kept its own.</summary>
    public string? HomeOverrideReason { get; }

    /// <summary>
    /// The 1.9.9 spy reads the receive PCI after SCardTransmit returns, so a program passing NULL there (allowed by PC/SC)
    /// dies of a segmentation fault inside the spy: pcsc-lite issue 159.
    /// </summary>
    public bool DiedOfSpyTransmitBug =>
        Signal == SignalSegmentationFault && !Stopped && Unreturned.Any(call => call.Function == "SCardTransmit");
}
