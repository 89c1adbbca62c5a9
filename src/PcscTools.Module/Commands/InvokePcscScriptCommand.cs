using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.Cards;
using PcscTools.Errors;
using PcscTools.Module.Completion;
using PcscTools.Module.Errors;
using PcscTools.Module.Sessions;
using PcscTools.Scripts;
using PcscTools.SecureChannel;
using PcscTools.Sessions;
using PcscTools.Transcripts;

namespace PcscTools.Module.Commands;

/// <summary>
/// Invoke-PcscScript: runs pcsc-tools scriptor scripts natively. Sends exactly the lines written (no GET RESPONSE
/// unless -AutoResponse), writes one response per command, and checks the "&lt; …" lines a script may give.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "PcscScript", DefaultParameterSetName = ReaderSet)]
[OutputType(typeof(ResponseApdu))]
public sealed class InvokePcscScriptCommand : PcscCmdlet
{
    private const string ReaderSet = "Reader";
    private const string SessionSet = "Session";

    /// <summary>The script file(s), in scriptor's format.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>The reader whose card runs the script; the first reader when left out, as scriptor does.</summary>
    [Parameter(ParameterSetName = ReaderSet)]
    [ArgumentCompleter(typeof(ReaderNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Reader { get; set; }

    /// <summary>The protocols to connect with (scriptor's -p); by default whatever the card and reader agree on.</summary>
    [Parameter(ParameterSetName = ReaderSet)]
    public CardProtocols Protocol { get; set; } = CardProtocols.Any;

    /// <summary>An open card session (Connect-PcscCard) to run the script on; it stays open afterwards.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SessionSet)]
    [ValidateNotNull]
    [SessionTransformation]
    public CardSession? Session { get; set; }

    /// <summary>Fetch 61xx answers with GET RESPONSE and re-send after 6Cxx, as Invoke-Apdu does; scriptor does neither.</summary>
    [Parameter]
    public SwitchParameter AutoResponse { get; set; }

    /// <summary>Show PIN data (VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER…) in responses, the transcript, errors and history, as scriptor does.</summary>
    [Parameter]
    public SwitchParameter ShowSecrets { get; set; }

    /// <summary>When the card was reset by another program, reconnect once and go on, as Invoke-Apdu -Reconnect does.</summary>
    [Parameter]
    public SwitchParameter Reconnect { get; set; }

    /// <summary>Seconds the card may take to answer one command; a card still silent then is given up on (a Timeout error), which ends the script. No limit by default.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400)]
    public double ResponseTimeout { get; set; }

    /// <summary>A JSON file that records each script run: reader, ATR, protocol, and every exchange with its timing; added to when it exists.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TranscriptPath { get; set; }

    private TranscriptRecorder? _recorder;

    protected override void BeginProcessingCancellable()
    {
        _recorder = TranscriptPath is null ? null : new TranscriptRecorder(GetUnresolvedProviderPathFromPSPath(TranscriptPath));
        if (Session is { IsOpen: false })
        {
            ThrowTerminatingError(ErrorRecordFactory.SessionClosed(Session));
        }
    }

    protected override void ProcessRecordCancellable()
    {
        foreach (var path in Path)
        {
            var full = GetUnresolvedProviderPathFromPSPath(path);
            if (!File.Exists(full))
            {
                WriteError(ErrorRecordFactory.ScriptNotFound(full));
                continue;
            }
            var script = ScriptorScript.Load(full);
            if (Prepare(script) is { } commands)
            {
                Run(script, commands);
            }
        }
    }

    /// <summary>Checks every command before anything is sent; null (after writing the errors) when the script cannot run.</summary>
    private Dictionary<ScriptCommand, CommandApdu>? Prepare(ScriptorScript script)
    {
        var valid = script.Errors.Count == 0;
        foreach (var error in script.Errors)
        {
            WriteError(ErrorRecordFactory.ScriptSyntaxError(script.Source!, error.LineNumber, error.Line, error.Message));
        }
        var commands = new Dictionary<ScriptCommand, CommandApdu>();
        foreach (var command in script.Steps.OfType<ScriptCommand>())
        {
            try
            {
                commands[command] = CommandApdu.Parse(command.Apdu.AsSpan());
            }
            catch (ApduFormatException e)
            {
                valid = false;
                WriteError(ErrorRecordFactory.ScriptSyntaxError(script.Source!, command.LineNumber, command.Apdu.ToString(), e.Message));
            }
        }
        return valid ? commands : null;
    }

    private void Run(ScriptorScript script, Dictionary<ScriptCommand, CommandApdu> commands)
    {
        CardSession session;
        try
        {
            session = Session ?? CardSession.Open(Reader ?? FirstReader(), ShareMode.Shared, Protocol, cancel: StopToken);
        }
        catch (PcscException e)
        {
            WritePcscError(e, Reader);
            return;
        }
        var policy = new ExchangePolicy
        {
            Apdu = new ApduOptions
            {
                AutoResponse = AutoResponse,
                ShowSecrets = ShowSecrets,
                ResponseTimeout = MyInvocation.BoundParameters.ContainsKey(nameof(ResponseTimeout)) ? TimeSpan.FromSeconds(ResponseTimeout) : null,
                Cancel = StopToken,
                Exchanged = exchange =>
                {
                    WriteVerbose($"> {exchange.Command}{Environment.NewLine}< {exchange.Response} : {StatusWordMeaning.Describe(exchange.Response[^2], exchange.Response[^1])}");
                    _recorder?.Record(exchange);
                },
            },
            Reconnect = Reconnect,
            Notice = WriteVerbose,
        };
        _recorder?.Begin(session);
        WriteVerbose($"Running {script.Source} on '{session.Reader}' ({session.Protocol}).");
        using (var exchange = new CardExchange(session, policy, ownsSession: Session is null))
        {
            try
            {
                RunSteps(script, commands, exchange);
            }
            catch (PcscException e)
            {
                WritePcscError(e, session.Reader);
            }
            catch (SecureChannelException e)
            {
                WriteError(ErrorRecordFactory.SecureChannelFailed(e, session.Reader));
            }
        }
        SaveTranscript(_recorder);
    }

    private void RunSteps(ScriptorScript script, Dictionary<ScriptCommand, CommandApdu> commands, CardExchange exchange)
    {
        foreach (var step in script.Steps)
        {
            StopToken.ThrowIfCancellationRequested();
            if (step is ScriptReset)
            {
                WriteVerbose("> RESET");
                exchange.ResetCard();
                WriteVerbose($"< OK: {exchange.Session.Atr}");
                continue;
            }
            var command = (ScriptCommand)step;
            var response = exchange.Send(commands[command]);
            var output = PSObject.AsPSObject(response);
            output.Properties.Add(new PSNoteProperty("ScriptLine", command.LineNumber));
            output.Properties.Add(new PSNoteProperty("ScriptPath", script.Source));
            WriteObject(output);
            if (command.Expected is { } expected && !expected.Matches(Wire(response)))
            {
                WriteError(ErrorRecordFactory.ScriptResponseMismatch(script.Source!, command.LineNumber, expected.LineNumber, expected.Text, response));
            }
        }
        if (script.ExitLine is int exit)
        {
            WriteVerbose($"'exit' on line {exit} ends the script.");
        }
    }

    /// <summary>The answer as it crossed the wire last: data then status word, what an expected-response line describes.</summary>
    private static byte[] Wire(ResponseApdu response)
    {
        var bytes = new byte[response.Data.Length + 2];
        response.Data.AsSpan().CopyTo(bytes);
        bytes[^2] = response.SW1;
        bytes[^1] = response.SW2;
        return bytes;
    }

    private string FirstReader()
    {
        var readers = Context.ListReaders();
        if (readers.Length == 0)
        {
            throw new PcscException(PcscError.NoReadersAvailable, "SCardListReaders", null, "There is no reader to run the script on.");
        }
        WriteVerbose($"No reader given: using {readers[0]}");
        return readers[0];
    }
}
