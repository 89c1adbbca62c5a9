using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.Contexts;
using PcscTools.Errors;
using PcscTools.Module.Errors;
using PcscTools.Sessions;
using PcscTools.Transcripts;

namespace PcscTools.Module.Commands;

/// <summary>
/// The base of every PcscTools cmdlet that talks to pcscd: a cancellation token that Ctrl+C, Select -First or any other
/// StopProcessing trips, a PC/SC context opened on demand and released however the command ends, and PC/SC failures turned
/// into ErrorRecords. One template for cancellation: a cmdlet overrides the *Cancellable steps, passes <see cref="StopToken"/>
/// to Core, and a call given up because the command is stopping ends it as a stopped pipeline, never as an error.
/// </summary>
public abstract class PcscCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private PcscContext? _context;

    /// <summary>Tripped when the user presses Ctrl+C or the pipeline stops early.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    /// <summary>The command's PC/SC context; the first use establishes it, or ends the command with a clear error.</summary>
    protected PcscContext Context
    {
        get
        {
            if (_context is null)
            {
                try
                {
                    _context = PcscContext.Establish();
                }
                catch (PcscException e)
                {
                    ThrowTerminatingError(ErrorRecordFactory.ServiceUnavailable(e));
                }
            }
            return _context!;
        }
    }

    /// <summary>Writes a PC/SC failure about one input as a non-terminating error, or ends the command when the service itself failed.</summary>
    protected void WritePcscError(PcscException exception, object? target)
    {
        if (exception.Code is PcscError.NoService or PcscError.ServiceStopped)
        {
            ThrowTerminatingError(ErrorRecordFactory.ServiceUnavailable(exception));
        }
        WriteError(ErrorRecordFactory.FromPcsc(exception, target));
    }

    /// <summary>Adds what a -TranscriptPath recorder holds to its file; a file that cannot be written ends the command once its responses are out.</summary>
    protected void SaveTranscript(TranscriptRecorder? recorder)
    {
        try
        {
            recorder?.Save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            ThrowTerminatingError(ErrorRecordFactory.TranscriptUnwritable(recorder!.FilePath, e));
        }
    }

    protected sealed override void BeginProcessing() => Cancellable(BeginProcessingCancellable);

    protected sealed override void ProcessRecord() => Cancellable(ProcessRecordCancellable);

    protected sealed override void EndProcessing() => Cancellable(EndProcessingCancellable);

    protected virtual void BeginProcessingCancellable()
    {
    }

    protected virtual void ProcessRecordCancellable()
    {
    }

    protected virtual void EndProcessingCancellable()
    {
    }

    private void Cancellable(Action step)
    {
        try
        {
            step();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    protected override void StopProcessing()
    {
        _stopping.Cancel();
        _context?.Cancel();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _context?.Dispose();
            _stopping.Dispose();
        }
    }
}
