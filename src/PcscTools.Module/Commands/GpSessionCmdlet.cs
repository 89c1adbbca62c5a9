using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.Errors;
using PcscTools.GlobalPlatform;
using PcscTools.Module.Errors;
using PcscTools.Module.Sessions;
using PcscTools.SecureChannel;
using PcscTools.Sessions;
using Channel = PcscTools.SecureChannel.SecureChannel;

namespace PcscTools.Module.Commands;

/// <summary>
/// The base of the GlobalPlatform card content cmdlets: a held session (from the pipeline or -Session), the security
/// domain selected once per session before the first command (unless -NoSelect, or the session has a secure channel
/// open: Open-PcscSecureChannel selected it, and a SELECT would end the channel; -SecurityDomain naming another one is then
/// refused), each APDU in -Verbose, and PC/SC failures and refusals turned into errors. -Session also takes the channel
/// Open-PcscSecureChannel returns.
/// </summary>
public abstract class GpSessionCmdlet : PcscCmdlet
{
    private CardSession? _selectedIn;
    private ApduOptions? _options;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    [SessionTransformation]
    public CardSession? Session { get; set; }

    /// <summary>The security domain to select first: its AID (hex); the issuer security domain A000000151000000 by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string SecurityDomain { get; set; } = GpCommands.IssuerSecurityDomainAid.Hex;

    /// <summary>Send no SELECT: the security domain is selected already. Inside a secure channel no SELECT is sent anyway (it would end the channel).</summary>
    [Parameter]
    public SwitchParameter NoSelect { get; set; }

    /// <summary>The session, with the security domain selected; ends the command with an error when it cannot be.</summary>
    protected CardSession Ready()
    {
        var session = Session!;
        if (!session.IsOpen)
        {
            ThrowTerminatingError(ErrorRecordFactory.SessionClosed(session));
        }
        if (ReferenceEquals(_selectedIn, session))
        {
            return session;
        }
        if (session.SecureMessaging is Channel opened && MyInvocation.BoundParameters.ContainsKey(nameof(SecurityDomain)))
        {
            // Honouring it would take a SELECT, which ends the channel: an AID other than the channel's is refused, not ignored.
            var given = ParseAid(SecurityDomain, nameof(SecurityDomain));
            if (!given.Equals(opened.SecurityDomain))
            {
                ThrowTerminatingError(ErrorRecordFactory.SecurityDomainOutsideChannel(given.Hex, opened.SecurityDomain.Hex));
            }
        }
        if (NoSelect)
        {
            return session;
        }
        if (session.SecureMessaging is { } channel)
        {
            // The channel selected its security domain; a SELECT now would end the channel.
            WriteVerbose($"No SELECT inside the {channel}: the commands go to the security domain it opened.");
            _selectedIn = session;
            return session;
        }
        var aid = ParseAid(SecurityDomain, nameof(SecurityDomain));
        var answer = Transmit(GpCommands.Select(aid));
        if (answer.StatusWord != "9000")
        {
            ThrowTerminatingError(ErrorRecordFactory.UnexpectedStatus(new UnexpectedStatusException(answer, [new StatusPattern("9000")])));
        }
        _selectedIn = session;
        return session;
    }

    /// <summary>Sends one command on the session; a PC/SC failure, or an answer the secure channel rejects, ends the command.</summary>
    protected ResponseApdu Transmit(CommandApdu command)
    {
        _options ??= new ApduOptions { Cancel = StopToken, Exchanged = e => WriteVerbose($"{e.Command} => {e.Response} ({e.Elapsed.TotalMilliseconds:0.###} ms)") };
        try
        {
            return Session!.Transmit(command, _options);
        }
        catch (PcscException e)
        {
            if (e.Code is PcscError.NoService or PcscError.ServiceStopped)
            {
                ThrowTerminatingError(ErrorRecordFactory.ServiceUnavailable(e));
            }
            ThrowTerminatingError(ErrorRecordFactory.FromPcsc(e, command.ToString()));
            throw; // Not reached.
        }
        catch (SecureChannelException e)
        {
            // An answer the channel rejected (its R-MAC does not verify): the channel is closed, so nothing more may go.
            ThrowTerminatingError(ErrorRecordFactory.SecureChannelFailed(e, command.ToString()));
            throw; // Not reached.
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Sends one command and asks for 9000; anything else is a ProtocolError error about it (written, not thrown) and null.</summary>
    protected ResponseApdu? TransmitExpectingSuccess(CommandApdu command)
    {
        var response = Transmit(command);
        if (response.StatusWord == "9000")
        {
            return response;
        }
        WriteError(ErrorRecordFactory.UnexpectedStatus(new UnexpectedStatusException(response, [new StatusPattern("9000")])));
        return null;
    }

    /// <summary>An AID from hex text; bad hex or a length outside 5–16 bytes ends the command before anything is sent.</summary>
    protected HexBytes ParseAid(string text, string parameter)
    {
        if (!Hex.TryParse(text, out var bytes, out var problem) || bytes.Length is < 5 or > 16)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidAid(text, parameter, problem ?? $"it has {bytes.Length} byte(s); an AID has 5 to 16"));
        }
        return new HexBytes(bytes);
    }
}
