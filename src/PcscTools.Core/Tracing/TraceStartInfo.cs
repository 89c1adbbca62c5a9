namespace PcscTools.Tracing;

/// <summary>What to trace and how.</summary>
public sealed class TraceStartInfo
{
    public TraceStartInfo(string program) => Program = program;

    /// <summary>The program's path, or a name found on PATH.</summary>
    public string Program { get; }

    public IReadOnlyList<string> Arguments { get; init; } = Array.Empty<string>();

    public string? WorkingDirectory { get; init; }

    /// <summary>Capture the program's stdout and stderr as <see cref="ProgramOutputLine"/>s rather than leave them on the console.</summary>
    public bool CaptureOutput { get; init; }

    /// <summary>Show the data of commands that carry secrets (VERIFY's PIN, ...).</summary>
    public bool ShowSecrets { get; init; }

    /// <summary>Also write the raw stream to this file (readable again with <see cref="SpyStreamParser"/> or pcsc-spy); it holds secrets as sent.</summary>
    public string? CapturePath { get; init; }

    /// <summary>How long a stopped program gets to end after SIGINT before it is killed.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(3);
}
