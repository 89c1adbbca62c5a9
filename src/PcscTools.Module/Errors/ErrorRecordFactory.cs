using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.Errors;
using PcscTools.Interop;
using PcscTools.PcscdProtocol;
using PcscTools.Sessions;
using PcscTools.Simulator.Daemon;
using PcscTools.Tracing;

namespace PcscTools.Module.Errors;

/// <summary>The one place where core failures become ErrorRecords: a stable error ID, the right category, the target, and what to do next.</summary>
internal static partial class ErrorRecordFactory
{
    /// <summary>An ErrorRecord for a failed PC/SC call; its ID is the code's name (e.g. NoSmartcard), stable for Should -Throw -ErrorId.</summary>
    public static ErrorRecord FromPcsc(PcscException exception, object? target)
    {
        if (AccessOrHolders(exception, target) is { } explained)
        {
            return explained;
        }
        var record = new ErrorRecord(exception, exception.Code.ToString(), Category(exception.Code), target ?? exception.Target);
        var advice = Advice(exception.Code);
        if (advice is not null)
        {
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = advice };
        }
        return record;
    }

    /// <summary>
    /// The PC/SC service could not be reached or refused us: the whole command cannot go on. The error carries
    /// what a protocol diagnosis (Test-PcscProtocol's) finds now: why, and what to do.
    /// </summary>
    public static ErrorRecord ServiceUnavailable(PcscException exception)
    {
        if (AccessOrHolders(exception, null) is { } explained)
        {
            return explained;
        }
        var socket = NativeEnvironment.SocketPathInUse;
        var report = Diagnose();
        if (RefusedByPolkit(report) is { } refusal)
        {
            return AccessDenied(exception, refusal);
        }
        var lead = PcscErrorMeaning.Of(exception) == PcscFailureKind.AccessRefused
            ? $"The PC/SC service (pcscd) at '{socket}' refused this client [{exception.Symbol}]."
            : exception.Code == PcscError.ServiceStopped
            ? $"The PC/SC service (pcscd) at '{socket}' stopped or refused this client [{exception.Symbol}]."
            : $"The PC/SC service (pcscd) is not available at '{socket}' [{exception.Symbol}].";
        var found = report is null ? "" : $" {report.Message}";
        var advice = report is { Remedy.Length: > 0 }
            ? report.Remedy
            : "Make sure pcscd is running ('sudo systemctl start pcscd.socket') and that this process can reach its socket.";
        var record = new ErrorRecord(exception, "ServiceUnavailable", ErrorCategory.ResourceUnavailable, socket)
        {
            ErrorDetails = new ErrorDetails($"{lead}{found} {advice} Run Test-PcscProtocol for the whole report.") { RecommendedAction = advice },
        };
        return record;
    }

    /// <summary>The diagnosis for an error message; an error must still be written when the diagnosis itself fails.</summary>
    private static ProtocolReport? Diagnose()
    {
        try
        {
            return ProtocolDiagnosis.Run(new DiagnosisRequest());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException
            or BadImageFormatException or InvalidOperationException or System.Net.Sockets.SocketException or PlatformNotSupportedException)
        {
            return null;
        }
    }

    public static ErrorRecord ClientLibraryNotFound(string path) =>
        new(new ItemNotFoundException($"Cannot find the client library '{path}'. Give -ClientLibrary the path of a libpcsclite.so.1 file."),
            "ClientLibraryNotFound", ErrorCategory.ObjectNotFound, path);

    public static ErrorRecord ClientLibraryInvalid(string path, Exception problem) =>
        new(new ArgumentException(
                $"'{path}' cannot be loaded as a libpcsclite: " +
                (problem is EntryPointNotFoundException ? "it does not export the PC/SC functions (SCardEstablishContext...)." : "it is not a shared library this machine can load.") +
                " Give -ClientLibrary a libpcsclite.so.1 built for this machine.", problem),
            "ClientLibraryInvalid", ErrorCategory.InvalidArgument, path);

    /// <summary>The PC/SC service went away while a command was using it (pcscd stopped, crashed or restarted).</summary>
    public static ErrorRecord ServiceLost(PcscException exception)
    {
        var socket = NativeEnvironment.SocketPathInUse;
        const string advice = "Start pcscd again ('sudo systemctl start pcscd.socket'), or use -Reconnect to wait for it and go on.";
        return new ErrorRecord(exception, "ServiceLost", ErrorCategory.ResourceUnavailable, socket)
        {
            ErrorDetails = new ErrorDetails($"The PC/SC service (pcscd) at '{socket}' went away [{exception.Symbol}]. {advice}") { RecommendedAction = advice },
        };
    }

    public static ErrorRecord ReaderNotFound(string name) =>
        new(new ItemNotFoundException($"Cannot find a reader named '{name}'. Run Get-PcscReader to list the readers pcscd knows."),
            "ReaderNotFound", ErrorCategory.ObjectNotFound, name);

    /// <summary>Input that is not a command APDU; raised before anything is sent. The target is the offending text.</summary>
    public static ErrorRecord InvalidApdu(ApduFormatException exception) =>
        new(exception, "InvalidApdu", ErrorCategory.InvalidArgument, exception.Text)
        {
            ErrorDetails = new ErrorDetails(exception.Message)
            {
                RecommendedAction = "Give a command as hex text (e.g. '00 A4 04 00 02 3F 00'), a byte array, or New-PcscApdu; nothing was sent to the card.",
            },
        };

    /// <summary>A status word outside -ExpectStatus: a protocol error about the command (redacted when it carries a secret).</summary>
    public static ErrorRecord UnexpectedStatus(UnexpectedStatusException exception) =>
        new(exception, "UnexpectedStatusWord", ErrorCategory.ProtocolError, exception.Response.Command.ToString())
        {
            ErrorDetails = new ErrorDetails(exception.Message)
            {
                RecommendedAction = "Check the command against the card's state (selected file, security status); if this status word is expected, add it to -ExpectStatus.",
            },
        };

    public static ErrorRecord InvalidStatusPattern(FormatException exception, string pattern) =>
        new(exception, "InvalidStatusPattern", ErrorCategory.InvalidArgument, pattern);

    /// <summary>Pester 5 is not installed, or Add-ShouldOperator refused the operators.</summary>
    public static ErrorRecord ShouldOperatorsUnavailable(RuntimeException exception) =>
        new(exception, "ShouldOperatorsUnavailable", ErrorCategory.NotInstalled, "Pester")
        {
            ErrorDetails = new ErrorDetails($"Should -HaveStatusWord could not be registered: {exception.Message}")
            {
                RecommendedAction = "Install Pester 5 (Install-PSResource Pester) and import it before Register-PcscShouldOperator.",
            },
        };

    public static ErrorRecord SessionClosed(CardSession session) =>
        new(new InvalidOperationException($"{session} is closed. Open a new one with Connect-PcscCard."), "SessionClosed", ErrorCategory.InvalidOperation, session);
    /// <summary>The simulator cannot run here; the exception's message says what is missing and how to get it.</summary>
    public static ErrorRecord SimulatorUnavailable(SimulatorUnavailableException exception) =>
        new(exception, "SimulatorUnavailable", ErrorCategory.NotInstalled, null);

    public static ErrorRecord SimulatorAlreadyRunning(InvalidOperationException exception, object? simulator) =>
        new(exception, "SimulatorAlreadyRunning", ErrorCategory.ResourceExists, simulator)
        {
            ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = "Run Stop-PcscSimulator first, or use the running one (Get-PcscSimulator)." },
        };

    public static ErrorRecord SimulatorNotRunning() =>
        new(new InvalidOperationException("No PC/SC simulator runs in this session. Start one with Start-PcscSimulator."),
            "SimulatorNotRunning", ErrorCategory.InvalidOperation, null);

    public static ErrorRecord SimulatorReaderNotFound(string name, IEnumerable<string> readers) =>
        new(new ItemNotFoundException($"The simulator has no reader named '{name}'. Its readers: {string.Join(", ", readers.Select(r => $"'{r}'"))}."),
            "ReaderNotFound", ErrorCategory.ObjectNotFound, name);

    public static ErrorRecord CardAlreadyInserted(string reader) =>
        new(new InvalidOperationException($"The simulator's reader '{reader}' already holds a card. Remove it first with Remove-PcscSimulatorCard -Reader '{reader}'."),
            "CardAlreadyInserted", ErrorCategory.ResourceExists, reader);

    public static ErrorRecord NoEmptyReader(IEnumerable<string> readers) =>
        new(new InvalidOperationException($"Every reader of the simulator holds a card ({string.Join(", ", readers.Select(r => $"'{r}'"))}). Remove one with Remove-PcscSimulatorCard, or start the simulator with more readers."),
            "NoEmptyReader", ErrorCategory.ResourceUnavailable, null);

    /// <summary>A virtual card definition (a table or a .psd1 file) that cannot be used; the message names the key or entry.</summary>
    public static ErrorRecord InvalidCardDefinition(Exception exception, object? target) =>
        new(exception, "InvalidCardDefinition", ErrorCategory.InvalidData, target);

    public static ErrorRecord TranscriptNotFound(string path) =>
        new(new FileNotFoundException($"Cannot find the transcript '{path}'. Record one with Invoke-Apdu -TranscriptPath.", path), "TranscriptNotFound", ErrorCategory.ObjectNotFound, path);

    /// <summary>The transcript of an Invoke-Apdu call could not be written (or the file there is not a transcript); the responses were written already.</summary>
    public static ErrorRecord TranscriptUnwritable(string path, Exception exception) =>
        new(exception, "TranscriptUnwritable", ErrorCategory.WriteError, path)
        {
            ErrorDetails = new ErrorDetails($"The transcript could not be written to '{path}': {exception.Message}")
            {
                RecommendedAction = "Give -TranscriptPath a writable path, in an existing folder, that is a PcscTools transcript or no file yet.",
            },
        };

    public static ErrorRecord CardDefinitionNotFound(string path) =>
        new(new ItemNotFoundException($"Cannot find the card definition file '{path}'."), "CardDefinitionNotFound", ErrorCategory.ObjectNotFound, path);

    /// <summary>The simulator did not take the card in time, or pcscd failed while it waited.</summary>
    public static ErrorRecord SimulatorFailed(Exception exception, string reader) =>
        exception is PcscException pcsc ? FromPcsc(pcsc, reader) : new(exception, "SimulatorFailed", ErrorCategory.OperationTimeout, reader);

    /// <summary>Input to ConvertFrom-PcscAtr that is not an ATR at all (malformed ATRs are decoded, not refused).</summary>
    public static ErrorRecord InvalidAtrInput(object? input, string problem) =>
        new(new ArgumentException($"{problem} Give the ATR as hex text ('3B 80 80 01 01'), bytes, or an object with an Atr property such as a reader."),
            "InvalidAtrInput", ErrorCategory.InvalidArgument, input);

    /// <summary>The smartcard_list.txt the user named cannot be read.</summary>
    public static ErrorRecord SmartcardListUnreadable(string path, Exception exception)
    {
        var record = new ErrorRecord(exception, "SmartcardListUnreadable",
            exception is FileNotFoundException ? ErrorCategory.ObjectNotFound : ErrorCategory.ReadError, path);
        const string advice = "Give -ListPath a readable smartcard_list.txt (pcsc-tools installs one at /usr/share/pcsc/smartcard_list.txt), or leave it out.";
        record.ErrorDetails = new ErrorDetails($"Cannot read the smart card list '{path}': {exception.Message} {advice}") { RecommendedAction = advice };
        return record;
    }

    public static ErrorRecord ScriptNotFound(string path) =>
        new(new FileNotFoundException($"Cannot find the script '{path}'.", path), "ScriptNotFound", ErrorCategory.ObjectNotFound, path);

    /// <summary>A script line that cannot be run; the script is refused before anything reaches the card.</summary>
    public static ErrorRecord ScriptSyntaxError(string path, int line, string text, string problem)
    {
        var record = new ErrorRecord(new FormatException($"{path}:{line}: {problem}: {text.Trim()}"), "ScriptSyntaxError", ErrorCategory.ParserError, $"{path}:{line}");
        record.ErrorDetails = new ErrorDetails(record.Exception.Message + " Nothing of this script was sent.") { RecommendedAction = $"Fix line {line} of {path} and run it again." };
        return record;
    }

    /// <summary>The card answered a script command otherwise than its "&lt; …" line expects.</summary>
    public static ErrorRecord ScriptResponseMismatch(string path, int commandLine, int expectedLine, string expected, ResponseApdu response) =>
        new(new InvalidOperationException($"{path}:{expectedLine}: the script expects '< {expected}' but the card answered '{response}' ({response.Meaning}) to the command on line {commandLine}."),
            "ScriptResponseMismatch", ErrorCategory.InvalidResult, response);

    /// <summary>Trace-PcscCall could not set the trace up or start the program; the message says what to install or check.</summary>
    public static ErrorRecord TraceSetupFailed(TraceSetupException exception, string program) =>
        new(exception, "TraceSetupFailed", exception.InnerException is null ? ErrorCategory.NotInstalled : ErrorCategory.OpenError, program);

    public static ErrorRecord TraceProgramNotFound(string program) =>
        new(new ItemNotFoundException($"Cannot find the program '{program}' to trace. Give its path, or the name of a program on PATH."),
            "TraceProgramNotFound", ErrorCategory.ObjectNotFound, program);

    public static ErrorRecord TraceCaptureNotFound(string path) =>
        new(new FileNotFoundException($"Cannot find the spy capture '{path}'.", path), "TraceCaptureNotFound", ErrorCategory.ObjectNotFound, path);

    /// <summary>The traced program died inside SCardTransmit the way the 1.9.9 spy makes programs die (pcsc-lite issue 159).</summary>
    public static ErrorRecord TracedProgramKilledBySpy(string program, PcscCall transmit) =>
        new(new InvalidOperationException(
                $"'{program}' died of a segmentation fault inside SCardTransmit. pcsc-lite 1.9.9's spy (libpcscspy) crashes programs that pass a NULL receive PCI to SCardTransmit, which PC/SC allows (pcsc-lite issue 159): the crash is the tracer's, not the program's. The calls up to that point were written."),
            "TracedProgramKilledBySpy", ErrorCategory.InvalidResult, transmit)
        {
            ErrorDetails = new ErrorDetails(
                $"'{program}' died of a segmentation fault inside SCardTransmit: pcsc-lite 1.9.9's spy crashes programs that pass a NULL receive PCI (pcsc-lite issue 159); the crash is the tracer's, not the program's.")
            {
                RecommendedAction = "Trace with a libpcscspy in which pcsc-lite issue 159 is fixed, or run the program without Trace-PcscCall; the calls written before the crash are complete.",
            },
        };
    /// <summary>An AID parameter that is not 5 to 16 bytes of hex; raised before anything is sent.</summary>
    public static ErrorRecord InvalidAid(string text, string parameter, string problem) =>
        new(new ArgumentException($"-{parameter} '{text}' is not an AID: {problem}. Give 5 to 16 bytes in hex, e.g. 'A000000151000000'; nothing was sent to the card."),
            "InvalidAid", ErrorCategory.InvalidArgument, text);

    /// <summary>-SecurityDomain names another security domain than the one the session's secure channel is open to; nothing was sent.</summary>
    public static ErrorRecord SecurityDomainOutsideChannel(string given, string channelDomain) =>
        new(new ArgumentException($"-SecurityDomain {given} was given, but the session's secure channel is open to the security domain {channelDomain}, which receives every command (a SELECT would end the channel). Leave out -SecurityDomain, or open a channel to {given} with Open-PcscSecureChannel -SecurityDomain {given}; nothing was sent."),
            "SecurityDomainOutsideChannel", ErrorCategory.InvalidArgument, given);

    /// <summary>Input to ConvertFrom-PcscTlv that is not bytes at all (bytes that are not TLV are parsed as far as they go, not refused).</summary>
    public static ErrorRecord InvalidTlvInput(object? input, string problem) =>
        new(new ArgumentException($"{problem} Give hex text, bytes, or a response from Invoke-Apdu."), "InvalidTlvInput", ErrorCategory.InvalidArgument, input);

    /// <summary>A table given to ConvertTo-PcscTlv that cannot be encoded; the message names the key.</summary>
    public static ErrorRecord InvalidTlvDefinition(Exception exception, object? target) =>
        new(exception, "InvalidTlvDefinition", ErrorCategory.InvalidData, target);

    /// <summary>A PIN that cannot be written in the chosen format; the message names the problem, never the PIN.</summary>
    public static ErrorRecord InvalidPin(ArgumentException exception) =>
        new(new ArgumentException(exception.Message.Split(" (Parameter")[0] + " Nothing was built or sent.", exception), "InvalidPin", ErrorCategory.InvalidArgument, null);

    private static ErrorCategory Category(PcscError code) => code switch
    {
        PcscError.UnknownReader => ErrorCategory.ObjectNotFound,
        PcscError.NoSmartcard or PcscError.RemovedCard or PcscError.ReaderUnavailable or PcscError.ResetCard
            or PcscError.UnpoweredCard or PcscError.NoService or PcscError.ServiceStopped or PcscError.CommError or PcscError.NoReadersAvailable => ErrorCategory.ResourceUnavailable,
        PcscError.SharingViolation => ErrorCategory.ResourceBusy,
        PcscError.Timeout or PcscError.WaitedTooLong => ErrorCategory.OperationTimeout,
        PcscError.Cancelled or PcscError.SystemCancelled or PcscError.CancelledByUser or PcscError.Shutdown => ErrorCategory.OperationStopped,
        PcscError.ProtoMismatch or PcscError.InvalidAtr or PcscError.NotTransacted => ErrorCategory.ProtocolError,
        PcscError.SecurityViolation or PcscError.NoAccess => ErrorCategory.PermissionDenied,
        PcscError.WrongChv or PcscError.InvalidChv or PcscError.CardNotAuthenticated => ErrorCategory.AuthenticationError,
        PcscError.ChvBlocked => ErrorCategory.SecurityError,
        PcscError.InvalidParameter or PcscError.InvalidValue or PcscError.InvalidTarget or PcscError.InsufficientBuffer or PcscError.PciTooSmall => ErrorCategory.InvalidArgument,
        PcscError.InvalidHandle => ErrorCategory.InvalidOperation,
        PcscError.UnsupportedFeature or PcscError.WindowsUnsupportedFeature or PcscError.ReaderUnsupported or PcscError.CardUnsupported or PcscError.UnsupportedCard => ErrorCategory.NotImplemented,
        _ => ErrorCategory.DeviceError,
    };

    private static string? Advice(PcscError code) => code switch
    {
        PcscError.NoSmartcard => "Insert a card, or wait for one with Watch-PcscCard.",
        PcscError.RemovedCard => "Put the card back and connect again.",
        PcscError.ResetCard => "Connect again (or use -Reconnect): the card's selected application and security state are lost.",
        PcscError.SharingViolation => "Another program holds the card exclusively; close it or wait, or connect with -ShareMode Shared.",
        PcscError.UnknownReader or PcscError.ReaderUnavailable => "Run Get-PcscReader to list the readers that are connected now.",
        PcscError.Timeout => "Try again, or allow more time.",
        _ => null,
    };

    /// <summary>A secure channel that could not be opened, or an answer it rejected; the error id is the reason (CardCryptogramMismatch, ResponseRejected…).</summary>
    public static ErrorRecord SecureChannelFailed(PcscTools.SecureChannel.SecureChannelException exception, object? target) =>
        new(exception, exception.Failure.ToString(), exception.Failure switch
        {
            PcscTools.SecureChannel.SecureChannelFailure.SecurityDomainNotFound => ErrorCategory.ObjectNotFound,
            PcscTools.SecureChannel.SecureChannelFailure.UnsupportedCard => ErrorCategory.ProtocolError,
            PcscTools.SecureChannel.SecureChannelFailure.ResponseRejected => ErrorCategory.SecurityError,
            PcscTools.SecureChannel.SecureChannelFailure.Closed => ErrorCategory.InvalidOperation,
            _ => ErrorCategory.AuthenticationError,
        }, target);

    /// <summary>A secure channel option that cannot work (a key of the wrong length, a host challenge of the wrong size…); nothing was sent.</summary>
    public static ErrorRecord InvalidSecureChannelOption(ArgumentException exception, object? target) =>
        new(exception, "InvalidSecureChannelOption", ErrorCategory.InvalidArgument, target)
        {
            ErrorDetails = new ErrorDetails(exception.Message + " Nothing was sent to the card."),
        };
}
