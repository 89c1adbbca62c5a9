using System.Management.Automation;
using PcscTools.Errors;
using PcscTools.Module.Completion;
using PcscTools.Module.Errors;
using PcscTools.Monitoring;

namespace PcscTools.Module.Commands;

/// <summary>Watch-PcscCard: card and reader events as they happen, one object each, until stopped.</summary>
[Cmdlet(VerbsCommon.Watch, "PcscCard")]
[OutputType(typeof(CardEvent))]
public sealed class WatchPcscCardCommand : PcscCmdlet
{
    private readonly List<string> _readers = new();

    /// <summary>The readers to watch, by name (wildcards allowed); all readers when omitted, including readers plugged in later.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "ReaderName")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ReaderNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Reader { get; set; }

    /// <summary>Stop after this many seconds.</summary>
    [Parameter]
    [ValidateRange(0.0, int.MaxValue)]
    public double Timeout { get; set; }

    /// <summary>Stop after this many events.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Count { get; set; }

    /// <summary>First report each watched reader as it is now, as pcsc_scan does at start.</summary>
    [Parameter]
    public SwitchParameter IncludeCurrent { get; set; }

    /// <summary>When pcscd stops, report ServiceLost, wait for it to return, report ServiceRestored and go on.</summary>
    [Parameter]
    public SwitchParameter Reconnect { get; set; }

    protected override void ProcessRecordCancellable()
    {
        if (Reader is not null)
        {
            _readers.AddRange(Reader);
        }
    }

    protected override void EndProcessingCancellable()
    {
        var patterns = _readers.Select(name => WildcardPattern.Get(name, WildcardOptions.IgnoreCase)).ToArray();
        var options = new CardMonitorOptions
        {
            ReaderFilter = patterns.Length == 0 ? null : name => patterns.Any(p => p.IsMatch(name)),
            IncludeCurrent = IncludeCurrent,
            Reconnect = Reconnect,
            Timeout = MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) ? TimeSpan.FromSeconds(Timeout) : null,
        };
        CardMonitor monitor;
        try
        {
            monitor = CardMonitor.Start(options);
        }
        catch (PcscException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.ServiceUnavailable(e));
            return;
        }
        using (monitor)
        {
            WriteVerbose(patterns.Length == 0 ? "Watching every reader." : $"Watching the readers named {string.Join(", ", _readers.Select(n => $"'{n}'"))}.");
            var emitted = 0;
            try
            {
                foreach (var change in monitor.Events(StopToken))
                {
                    WriteObject(change);
                    if (++emitted == Count)
                    {
                        break;
                    }
                }
            }
            catch (PcscException e)
            {
                ThrowTerminatingError(PcscErrorMeaning.Of(e) == PcscFailureKind.AccessRefused ? ErrorRecordFactory.ServiceUnavailable(e) : ErrorRecordFactory.ServiceLost(e));
            }
        }
    }
}
