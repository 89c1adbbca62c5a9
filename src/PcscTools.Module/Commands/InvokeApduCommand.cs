using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.Cards;
using PcscTools.Errors;
using PcscTools.Module.Apdu;
using PcscTools.Module.Completion;
using PcscTools.Module.Errors;
using PcscTools.Module.Sessions;
using PcscTools.SecureChannel;
using PcscTools.Sessions;
using PcscTools.Transcripts;

namespace PcscTools.Module.Commands;

/// <summary>
/// Invoke-Apdu: sends command APDUs to a card and writes one response object per command, as each arrives. Several commands
/// in one call run in order inside one PC/SC transaction; a single command needs none, because pcscd makes one exchange
/// atomic (and the transaction's three extra round trips would more than double its cost), so a transaction begins only if
/// its answer calls for a follow-up. 61xx and 6Cxx are followed up unless -NoAutoResponse; every APDU exchanged is on the
/// response and in -Verbose. PIN data is redacted from everything but the card unless -ShowSecrets.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Apdu", DefaultParameterSetName = ReaderSet)]
[OutputType(typeof(ResponseApdu))]
public sealed class InvokeApduCommand : PcscCmdlet
{
    private const string ReaderSet = "Reader";
    private const string SessionSet = "Session";

    private CardExchange? _exchange;
    private ExchangePolicy _policy = new();
    private IReadOnlyList<StatusPattern> _expected = [];
    private TranscriptRecorder? _recorder;

    /// <summary>Hex text, a byte[], a New-PcscApdu object, or a list of those.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyString]
    public object? Command { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ReaderSet)]
    [Alias("ReaderName")]
    [ArgumentCompleter(typeof(ReaderNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Reader { get; set; } = "";

    [Parameter(ParameterSetName = ReaderSet)]
    public ShareMode ShareMode { get; set; } = ShareMode.Shared;

    [Parameter(ParameterSetName = ReaderSet)]
    [ValidateSet("Any", "T0", "T1", "Raw")]
    public CardProtocols Protocol { get; set; } = CardProtocols.Any;

    // Mandatory already refuses $null; a [ValidateNotNull] here would cost a reflection over the type on every call.
    [Parameter(Mandatory = true, ParameterSetName = SessionSet, ValueFromPipeline = true)]
    [SessionTransformation]
    public CardSession? Session { get; set; }

    /// <summary>Send exactly the given command: no GET RESPONSE after 61xx, no re-send after 6Cxx.</summary>
    [Parameter]
    public SwitchParameter NoAutoResponse { get; set; }

    /// <summary>Status word patterns (? per hex digit) a response must match, e.g. 9000, 61??, 63C?; others become ProtocolError errors.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ExpectStatus { get; set; }

    /// <summary>Show PIN data (VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER…) in responses, verbose output, errors and history.</summary>
    [Parameter]
    public SwitchParameter ShowSecrets { get; set; }

    /// <summary>Send data over 255 bytes as a chain of short commands (ISO 7816-4 command chaining, CLA b5) instead of one extended-length command.</summary>
    [Parameter]
    public SwitchParameter Chain { get; set; }

    /// <summary>When the card was reset by another program, reconnect once and go on.</summary>
    [Parameter]
    public SwitchParameter Reconnect { get; set; }

    /// <summary>Seconds to wait while another program holds the card exclusively or in a transaction.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public double Timeout { get; set; } = 10;

    /// <summary>Seconds the card may take to answer one APDU; a card still silent then is given up on (a Timeout error) and the session closed. No limit by default.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400)]
    public double ResponseTimeout { get; set; }

    /// <summary>A JSON file that records this call: reader, ATR, protocol, and every exchange with its timing; added to when it exists.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TranscriptPath { get; set; }

    protected override void BeginProcessingCancellable()
    {
        var texts = ExpectStatus ?? [];
        var patterns = new StatusPattern[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            try
            {
                patterns[i] = new StatusPattern(texts[i]);
            }
            catch (FormatException e)
            {
                ThrowTerminatingError(ErrorRecordFactory.InvalidStatusPattern(e, texts[i]));
            }
        }
        _expected = patterns;
        _recorder = TranscriptPath is null ? null : new TranscriptRecorder(GetUnresolvedProviderPathFromPSPath(TranscriptPath));
        var verbose = IsVerbose();
        _policy = new ExchangePolicy
        {
            Apdu = new ApduOptions
            {
                AutoResponse = !NoAutoResponse,
                ShowSecrets = ShowSecrets,
                Chaining = Chain,
                BusyTimeout = TimeSpan.FromSeconds(Timeout),
                ResponseTimeout = MyInvocation.BoundParameters.ContainsKey(nameof(ResponseTimeout)) ? TimeSpan.FromSeconds(ResponseTimeout) : null,
                Cancel = StopToken,
                Exchanged = verbose || _recorder is not null ? exchange => Exchanged(exchange, verbose) : null,
            },
            Reconnect = Reconnect,
            Notice = WriteVerbose,
        };
    }

    protected override void ProcessRecordCancellable()
    {
        if (Session is not null && _exchange is not null && !ReferenceEquals(Session, _exchange.Session))
        {
            // Sessions piped in one after another: each gets the commands in a transaction of its own.
            Finish();
        }
        // Sized once: a batch of thousands would otherwise regrow it, the last time on the large-object heap.
        var commands = new List<CommandApdu>(CommandInput.MostCommands(Command));
        var invalid = false;
        foreach (var (command, error) in CommandInput.Read(Command))
        {
            if (error is not null)
            {
                WriteError(ErrorRecordFactory.InvalidApdu(error));
                invalid = true;
            }
            else
            {
                commands.Add(command!);
            }
        }
        if (invalid && !MyInvocation.ExpectingInput)
        {
            // A list given with -Command is checked whole: a script with a typo sends nothing at all.
            return;
        }
        if (!ShowSecrets && commands.Exists(c => c.IsSecret))
        {
            // Every verbose and error record carries this call's InvocationInfo, whose bound -Command would show the PIN
            // to anyone who logs $Error or the records (Export-Clixml): it gets the redacted commands instead.
            MyInvocation.BoundParameters["Command"] = commands.Select(c => c.ForDisplay(showSecrets: false).ToString()).ToArray();
        }
        // Commands from the pipeline may be followed by more, so they share a transaction from the first.
        var several = commands.Count > 1 || MyInvocation.ExpectingInput;
        foreach (var command in commands)
        {
            Send(command, several);
        }
    }

    protected override void EndProcessingCancellable()
    {
        Finish();
        SaveTranscript(_recorder);
    }

    private void Exchanged(ApduExchange exchange, bool verbose)
    {
        if (verbose)
        {
            WriteVerbose($"{exchange.Command} => {exchange.Response} ({exchange.Elapsed.TotalMilliseconds:0.###} ms)");
        }
        _recorder?.Record(exchange);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Finish();
        }
        base.Dispose(disposing);
    }

    private void Send(CommandApdu command, bool inTransaction)
    {
        ResponseApdu response;
        try
        {
            response = Ready().Send(command, inTransaction);
        }
        catch (PcscException e)
        {
            Fail(e, command.ForDisplay(ShowSecrets).ToString());
            return;
        }
        catch (SecureChannelException e)
        {
            WriteError(ErrorRecordFactory.SecureChannelFailed(e, command.ForDisplay(ShowSecrets).ToString()));
            return;
        }
        if (_expected.Count > 0 && !response.StatusMatches(_expected))
        {
            WriteError(ErrorRecordFactory.UnexpectedStatus(new UnexpectedStatusException(response, _expected)));
            return;
        }
        WriteObject(response);
    }

    /// <summary>The exchange over the given session, or over one opened for -Reader.</summary>
    private CardExchange Ready()
    {
        if (_exchange is null)
        {
            if (Session is not null)
            {
                if (!Session.IsOpen)
                {
                    ThrowTerminatingError(ErrorRecordFactory.SessionClosed(Session));
                }
                _exchange = new CardExchange(Session, _policy);
            }
            else
            {
                try
                {
                    _exchange = new CardExchange(CardSession.Open(Reader, ShareMode, Protocol, TimeSpan.FromSeconds(Timeout), StopToken), _policy, ownsSession: true);
                }
                catch (PcscException e)
                {
                    Fail(e, Reader);
                }
            }
            _recorder?.Begin(_exchange!.Session);
        }
        return _exchange!;
    }

    /// <summary>A PC/SC failure while talking to the card: the card or reader is gone, reset or busy, so the rest of the call cannot go on.</summary>
    private void Fail(PcscException exception, object target)
    {
        if (exception.Code is PcscError.NoService or PcscError.ServiceStopped)
        {
            ThrowTerminatingError(ErrorRecordFactory.ServiceUnavailable(exception));
        }
        ThrowTerminatingError(ErrorRecordFactory.FromPcsc(exception, target));
    }

    /// <summary>Ends the transaction and closes a session this call opened, however the call ends.</summary>
    private void Finish()
    {
        _exchange?.Dispose();
        _exchange = null;
    }

    private bool IsVerbose() =>
        MyInvocation.BoundParameters.TryGetValue("Verbose", out var verbose)
            ? ((SwitchParameter)verbose).IsPresent
            : GetVariableValue("VerbosePreference") is ActionPreference preference && preference != ActionPreference.SilentlyContinue;
}
