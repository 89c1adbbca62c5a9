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

    private CardSession? _session;
    private bool _ownsSession;
    private bool _inTransaction;
    private bool _reconnected;
    private ApduOptions _options = ApduOptions.Default;
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

    [Parameter(Mandatory = true, ParameterSetName = SessionSet, ValueFromPipeline = true)]
    [ValidateNotNull]
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

    protected override void BeginProcessing()
    {
        var patterns = new List<StatusPattern>();
        foreach (var text in ExpectStatus ?? [])
        {
            try
            {
                patterns.Add(new StatusPattern(text));
            }
            catch (FormatException e)
            {
                ThrowTerminatingError(ErrorRecordFactory.InvalidStatusPattern(e, text));
            }
        }
        _expected = patterns;
        _recorder = TranscriptPath is null ? null : new TranscriptRecorder(GetUnresolvedProviderPathFromPSPath(TranscriptPath));
        var verbose = IsVerbose();
        _options = new ApduOptions
        {
            AutoResponse = !NoAutoResponse,
            ShowSecrets = ShowSecrets,
            BusyTimeout = TimeSpan.FromSeconds(Timeout),
            ResponseTimeout = MyInvocation.BoundParameters.ContainsKey(nameof(ResponseTimeout)) ? TimeSpan.FromSeconds(ResponseTimeout) : null,
            Cancel = StopToken,
            BeforeFollowUp = EnterTransaction,
            Exchanged = verbose || _recorder is not null ? exchange => Exchanged(exchange, verbose) : null,
        };
    }

    protected override void ProcessRecord()
    {
        if (Session is not null && _session is not null && !ReferenceEquals(Session, _session))
        {
            // Sessions piped in one after another: each gets the commands in a transaction of its own.
            Finish();
            _reconnected = false;
        }
        var commands = new List<CommandApdu>();
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
        if (!ShowSecrets && commands.Any(c => c.IsSecret))
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

    protected override void EndProcessing()
    {
        Finish();
        SaveTranscript();
    }

    private void Exchanged(ApduExchange exchange, bool verbose)
    {
        if (verbose)
        {
            WriteVerbose($"{exchange.Command} => {exchange.Response} ({exchange.Elapsed.TotalMilliseconds:0.###} ms)");
        }
        _recorder?.Record(exchange);
    }

    private void SaveTranscript()
    {
        try
        {
            _recorder?.Save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            ThrowTerminatingError(ErrorRecordFactory.TranscriptUnwritable(_recorder!.FilePath, e));
        }
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
        var session = Ready(inTransaction);
        ResponseApdu response;
        try
        {
            response = session.Transmit(command, _options);
        }
        catch (PcscException e) when (e.Code == PcscError.ResetCard && Reconnect && !_reconnected)
        {
            ReconnectAfterReset(session);
            if (inTransaction)
            {
                EnterTransaction();
            }
            response = Guard(() => session.Transmit(command, _options), command);
        }
        catch (PcscException e)
        {
            Fail(e, command);
            return;
        }
        catch (SecureChannelException e)
        {
            WriteError(ErrorRecordFactory.SecureChannelFailed(e, command.ForDisplay(ShowSecrets).ToString()));
            return;
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
        if (_expected.Count > 0 && !response.StatusMatches(_expected))
        {
            WriteError(ErrorRecordFactory.UnexpectedStatus(new UnexpectedStatusException(response, _expected)));
            return;
        }
        WriteObject(response);
    }

    /// <summary>The session, opened (for -Reader), and inside this call's transaction when <paramref name="inTransaction"/>.</summary>
    private CardSession Ready(bool inTransaction)
    {
        if (_session is null)
        {
            if (Session is not null)
            {
                if (!Session.IsOpen)
                {
                    ThrowTerminatingError(ErrorRecordFactory.SessionClosed(Session));
                }
                _session = Session;
            }
            else
            {
                _session = Guard(() => CardSession.Open(Reader, ShareMode, Protocol, TimeSpan.FromSeconds(Timeout), StopToken), Reader);
                _ownsSession = true;
            }
            _recorder?.Begin(_session);
            WarnIfResponseTimeoutCannotBeKept(_session, _options);
        }
        if (inTransaction)
        {
            EnterTransaction();
        }
        return _session;
    }

    /// <summary>Begins this call's transaction on the open session, unless it has one already.</summary>
    private void EnterTransaction()
    {
        if (_inTransaction)
        {
            return;
        }
        var session = _session!;
        try
        {
            session.BeginTransaction(TimeSpan.FromSeconds(Timeout), StopToken);
        }
        catch (PcscException e) when (e.Code == PcscError.ResetCard && Reconnect && !_reconnected)
        {
            ReconnectAfterReset(session);
            Guard(() => { session.BeginTransaction(TimeSpan.FromSeconds(Timeout), StopToken); return true; }, session.Reader);
        }
        catch (PcscException e)
        {
            Fail(e, session.Reader);
        }
        _inTransaction = true;
    }

    /// <summary>Reconnects once after another program reset the card; the transaction, if there was one, ended with the reset.</summary>
    private void ReconnectAfterReset(CardSession session)
    {
        WriteVerbose($"The card in '{session.Reader}' was reset by another program; reconnecting (-Reconnect).");
        _reconnected = true;
        _inTransaction = false;
        Guard(() => { session.Reconnect(CardDisposition.Leave, TimeSpan.FromSeconds(Timeout), StopToken); return true; }, session.Reader);
    }

    private T Guard<T>(Func<T> call, object target)
    {
        try
        {
            return call();
        }
        catch (PcscException e)
        {
            Fail(e, target);
            throw; // Not reached: Fail ends the command.
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>A PC/SC failure while talking to the card: the card or reader is gone, reset or busy, so the rest of the call cannot go on.</summary>
    private void Fail(PcscException exception, object target)
    {
        if (exception.Code is PcscError.NoService or PcscError.ServiceStopped)
        {
            ThrowTerminatingError(ErrorRecordFactory.ServiceUnavailable(exception));
        }
        ThrowTerminatingError(ErrorRecordFactory.FromPcsc(exception, target is CommandApdu command ? command.ForDisplay(ShowSecrets).ToString() : target));
    }

    /// <summary>Ends the transaction and closes a session this call opened, however the call ends.</summary>
    private void Finish()
    {
        var session = _session;
        _session = null;
        if (session is null || !session.IsOpen)
        {
            return;
        }
        try
        {
            if (_inTransaction)
            {
                session.EndTransaction();
            }
        }
        catch (PcscException)
        {
            // The card went away mid-call; that error was reported already.
        }
        finally
        {
            _inTransaction = false;
            if (_ownsSession)
            {
                session.Close();
            }
        }
    }

    private bool IsVerbose() =>
        MyInvocation.BoundParameters.TryGetValue("Verbose", out var verbose)
            ? ((SwitchParameter)verbose).IsPresent
            : GetVariableValue("VerbosePreference") is ActionPreference preference && preference != ActionPreference.SilentlyContinue;
}
