using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.Contexts;
using PcscTools.Errors;
using PcscTools.Module.Errors;
using PcscTools.Sessions;

namespace PcscTools.Module.Commands;

/// <summary>
/// The base of every PcscTools cmdlet: a cancellation token that Ctrl+C (StopProcessing) trips, a PC/SC
/// context opened on demand and released however the command ends, and PC/SC failures turned into ErrorRecords.
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
