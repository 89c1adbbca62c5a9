using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.Errors;
using PcscTools.Module.Errors;
using PcscTools.Module.SecureChannel;
using PcscTools.Module.Sessions;
using PcscTools.SecureChannel;
using PcscTools.Sessions;
using Channel = PcscTools.SecureChannel.SecureChannel;

namespace PcscTools.Module.Commands;

/// <summary>
/// Open-PcscSecureChannel: selects a security domain and authenticates to it (SCP03 or SCP02); from then on every command of
/// the session is wrapped and every answer checked. Returns the channel, which -Session of Invoke-Apdu and Invoke-PcscScript takes.
/// </summary>
[Cmdlet(VerbsCommon.Open, "PcscSecureChannel")]
[OutputType(typeof(Channel))]
public sealed class OpenPcscSecureChannelCommand : PcscCmdlet
{
    /// <summary>The card session; a channel stands for its session, on which a new channel replaces it.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    [SessionTransformation]
    public CardSession? Session { get; set; }

    /// <summary>The security domain's AID; by default the issuer security domain, found as GlobalPlatformPro finds it.</summary>
    [Parameter]
    [ValidateNotNull]
    public HexBytes? SecurityDomain { get; set; }

    /// <summary>One key for ENC, MAC and DEK, or @{ Enc; Mac; Dek }: hex text, bytes, or SecureStrings holding hex. None: the GlobalPlatform test key.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Key { get; set; }

    /// <summary>The key version to authenticate with; 0 (the default) lets the card choose.</summary>
    [Parameter]
    public byte KeyVersion { get; set; }

    [Parameter]
    public KeyDiversification Diversification { get; set; }

    /// <summary>CMac (always on), CDecryption, RMac, REncryption.</summary>
    [Parameter]
    public SecurityLevel SecurityLevel { get; set; } = SecurityLevel.CMac;

    /// <summary>SCP03 with 16-byte challenges, cryptograms and MACs.</summary>
    [Parameter]
    public SwitchParameter S16 { get; set; }

    /// <summary>Insist on a protocol; by default the card's answer to INITIALIZE UPDATE decides.</summary>
    [Parameter]
    [ValidateSet("Auto", "Scp02", "Scp03")]
    public SecureChannelProtocol Protocol { get; set; } = SecureChannelProtocol.Auto;

    /// <summary>A fixed host challenge (8 bytes; 16 with -S16) for reproducible sessions; random by default.</summary>
    [Parameter]
    [ValidateNotNull]
    public HexBytes? HostChallenge { get; set; }

    protected override void ProcessRecordCancellable()
    {
        var session = Session!;
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Key)))
        {
            // Every record this call writes carries its InvocationInfo: the bound key would be in $Error and Export-Clixml.
            MyInvocation.BoundParameters[nameof(Key)] = "(redacted)";
        }
        if (!session.IsOpen)
        {
            ThrowTerminatingError(ErrorRecordFactory.SessionClosed(session));
        }
        StaticKeys keys;
        try
        {
            keys = Key is null ? StaticKeys.CreateTestKeys() : KeyInput.Read(Key);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidSecureChannelOption(e, nameof(Key)));
            return;
        }
        if (Key is null)
        {
            WriteWarning("No -Key given: authenticating with the GlobalPlatform test key 40 41 … 4F, which only test cards hold.");
        }
        using (keys)
        {
            var options = new SecureChannelOptions
            {
                Keys = keys,
                KeyVersion = KeyVersion,
                Diversification = Diversification,
                SecurityLevel = SecurityLevel,
                S16 = S16,
                Protocol = Protocol,
                HostChallenge = HostChallenge?.ToArray(),
                SecurityDomain = SecurityDomain?.ToArray(),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(ErrorRecordFactory.InvalidSecureChannelOption(e, session));
            }
            var apduOptions = new ApduOptions
            {
                Cancel = StopToken,
                Exchanged = exchange => WriteVerbose($"{exchange.Command} => {exchange.Response} ({exchange.Elapsed.TotalMilliseconds:0.###} ms)"),
            };
            var warnings = new List<string>();
            try
            {
                var channel = Channel.Open(session, options, apduOptions, warnings.Add);
                warnings.ForEach(WriteWarning);
                WriteObject(channel);
            }
            catch (SecureChannelException e)
            {
                warnings.ForEach(WriteWarning);
                WriteError(ErrorRecordFactory.SecureChannelFailed(e, session));
            }
            catch (ArgumentException e)
            {
                WriteError(ErrorRecordFactory.InvalidSecureChannelOption(e, session));
            }
            catch (PcscException e)
            {
                WritePcscError(e, session.Reader);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}
