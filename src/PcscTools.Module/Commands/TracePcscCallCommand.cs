using System.Management.Automation;
using PcscTools.Module.Completion;
using PcscTools.Module.Errors;
using PcscTools.Tracing;

namespace PcscTools.Module.Commands;

/// <summary>
/// Trace-PcscCall: runs a program with pcsc-lite's spy in front of libpcsclite (for that program only) and writes each
/// PC/SC call it makes as an object when the call returns; or reads a raw spy capture made elsewhere.
/// </summary>
[Cmdlet(VerbsDiagnostic.Trace, "PcscCall", DefaultParameterSetName = ProgramSet)]
[OutputType(typeof(PcscCall), typeof(PcscCallSummary))]
public sealed class TracePcscCallCommand : PcscCmdlet
{
    private const string ProgramSet = "Program";
    private const string CaptureSet = "Capture";

    private readonly List<PcscCall> _calls = new();

    /// <summary>The program to run and trace: a path, or the name of a program on PATH.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ProgramSet)]
    [ArgumentCompleter(typeof(ProgramCompleter))]
    [ValidateNotNullOrEmpty]
    public string FilePath { get; set; } = "";

    /// <summary>The program's arguments, passed as they are (no shell).</summary>
    [Parameter(Position = 1, ParameterSetName = ProgramSet)]
    [AllowEmptyString]
    public string[] ArgumentList { get; set; } = Array.Empty<string>();

    /// <summary>A raw capture of libpcscspy's stream, made elsewhere (for example inside a sandbox), to read instead of running a program.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CaptureSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Capture the program's standard output and error into the information stream (tags stdout and stderr) instead of leaving them on the console.</summary>
    [Parameter(ParameterSetName = ProgramSet)]
    public SwitchParameter CaptureOutput { get; set; }

    /// <summary>Also save the raw spy stream to this file, for -Path or pcsc-spy later. It holds PINs as the program sent them.</summary>
    [Parameter(ParameterSetName = ProgramSet)]
    [ValidateNotNullOrEmpty]
    public string? CapturePath { get; set; }

    /// <summary>Write calls, errors and time per function (like pcsc-spy's statistics) instead of the calls.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    /// <summary>Show the data of commands that carry secrets (VERIFY's PIN, CHANGE REFERENCE DATA, ...), hidden by default.</summary>
    [Parameter]
    public SwitchParameter ShowSecrets { get; set; }

    protected override void ProcessRecordCancellable()
    {
        if (ParameterSetName != CaptureSet)
        {
            return;
        }
        foreach (var path in Path)
        {
            var full = GetUnresolvedProviderPathFromPSPath(path);
            if (!File.Exists(full))
            {
                WriteError(ErrorRecordFactory.TraceCaptureNotFound(full));
                continue;
            }
            var parser = new SpyStreamParser(ShowSecrets);
            foreach (var call in parser.ParseAll(File.ReadLines(full)))
            {
                Emit(call);
            }
            if (parser.SkippedLines > 0)
            {
                WriteWarning($"{parser.SkippedLines} line(s) of '{full}' belong to no call (damaged or not written by libpcscspy) and were skipped.");
            }
        }
    }

    protected override void EndProcessingCancellable()
    {
        if (ParameterSetName == ProgramSet)
        {
            Trace();
        }
        if (Summary)
        {
            WriteObject(PcscCallSummary.Summarize(_calls), enumerateCollection: true);
        }
    }

    private void Trace()
    {
        var program = ResolveProgram();
        if (program is null)
        {
            ThrowTerminatingError(ErrorRecordFactory.TraceProgramNotFound(FilePath));
            return;
        }
        TracedProgram traced;
        try
        {
            traced = TracedProgram.Start(new TraceStartInfo(program)
            {
                Arguments = ArgumentList,
                WorkingDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
                CaptureOutput = CaptureOutput,
                ShowSecrets = ShowSecrets,
                CapturePath = CapturePath is null ? null : GetUnresolvedProviderPathFromPSPath(CapturePath),
            });
        }
        catch (TraceSetupException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.TraceSetupFailed(e, FilePath));
            return;
        }
        using (traced)
        {
            if (traced.HomeOverrideReason is { } reason)
            {
                WriteWarning($"{reason}: the program runs with HOME set to a private folder, so configuration it keeps in your home is not seen.");
            }
            WriteVerbose($"Tracing '{program}' (process {traced.ProcessId}).");
            foreach (var item in traced.Events(StopToken))
            {
                if (item is PcscCall call)
                {
                    Emit(call);
                }
                else if (item is ProgramOutputLine line)
                {
                    WriteInformation(line.Text, new[] { line.IsError ? "stderr" : "stdout" });
                }
            }
            if (traced.Outcome is { } outcome)
            {
                Report(outcome, program);
            }
        }
    }

    private void Emit(PcscCall call)
    {
        if (Summary)
        {
            _calls.Add(call);
        }
        else
        {
            WriteObject(call);
        }
    }

    private void Report(TraceOutcome outcome, string program)
    {
        SessionState.PSVariable.Set("global:LASTEXITCODE", outcome.ExitCode);
        WriteVerbose($"'{program}' exited with code {outcome.ExitCode}.");
        if (outcome.DiedOfSpyTransmitBug)
        {
            WriteError(ErrorRecordFactory.TracedProgramKilledBySpy(program, outcome.Unreturned.First(call => call.Function == "SCardTransmit")));
        }
        else if (outcome.Signal is { } signal && !outcome.Stopped)
        {
            WriteWarning($"'{program}' ended with exit code {outcome.ExitCode} (signal {signal}?){(outcome.Unreturned.Count > 0 ? $" inside {string.Join(", ", outcome.Unreturned.Select(call => call.Function))}" : "")}.");
        }
        if (outcome.SkippedLines > 0)
        {
            WriteWarning($"{outcome.SkippedLines} line(s) of the spy's stream belong to no call and were skipped.");
        }
    }

    /// <summary>The program's full path: a path as given (relative to the current location), or the first match on PATH.</summary>
    private string? ResolveProgram()
    {
        if (FilePath.Contains('/'))
        {
            var full = GetUnresolvedProviderPathFromPSPath(FilePath);
            return File.Exists(full) ? full : null;
        }
        return InvokeCommand.GetCommand(FilePath, CommandTypes.Application)?.Source;
    }
}
