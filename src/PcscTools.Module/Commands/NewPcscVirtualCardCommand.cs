using System.Collections;
using System.Management.Automation;
using PcscTools.Bytes;
using PcscTools.Module.Errors;
using PcscTools.Module.SecureChannel;
using PcscTools.SecureChannel;
using PcscTools.Simulator.VirtualCard.SecureMessaging;
using PcscTools.Module.Simulator;
using PcscTools.Simulator.VirtualCard;
using PcscTools.Transcripts;

namespace PcscTools.Module.Commands;

/// <summary>New-PcscVirtualCard: a virtual card declared as data (a table or a .psd1 file), for the simulator's readers.</summary>
[Cmdlet(VerbsCommon.New, "PcscVirtualCard", DefaultParameterSetName = "Table")]
[OutputType(typeof(VirtualCard))]
public sealed class NewPcscVirtualCardCommand : PSCmdlet
{
    /// <summary>A .psd1 file whose keys are this cmdlet's parameter names; parameters given as well override it.</summary>
    [Parameter(ParameterSetName = "Path", Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    [ValidateNotNull]
    public HexBytes? Atr { get; set; }

    /// <summary>Command pattern → response (hex, status word included); use [ordered]@{} when patterns overlap.</summary>
    [Parameter]
    [ValidateNotNull]
    public IDictionary? Response { get; set; }

    /// <summary>Folder (MF or an AID) → file ID → content: the card's transparent EFs.</summary>
    [Parameter]
    [ValidateNotNull]
    public IDictionary? Files { get; set; }

    [Parameter]
    public SwitchParameter ChainResponses { get; set; }

    [Parameter]
    public SwitchParameter StrictLe { get; set; }

    [Parameter]
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>The issuer security domain's settings: TagBasedStatus, StatusEntriesPerAnswer, Cplc, CardRecognitionData, KeyInformation, PlainContentCommands (content commands without a secure channel).</summary>
    [Parameter]
    [ValidateNotNull]
    public IDictionary? GlobalPlatform { get; set; }

    /// <summary>A transcript of Invoke-Apdu -TranscriptPath: the card takes its ATR and answers the recorded commands, in order, with the recorded responses.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Transcript { get; set; }

    /// <summary>The protocol the card's issuer security domain speaks (SCP03 by default).</summary>
    [Parameter]
    [ValidateSet("Scp02", "Scp03")]
    public SecureChannelProtocol SecureChannel { get; set; } = SecureChannelProtocol.Scp03;

    /// <summary>The security domain's static keys, as Open-PcscSecureChannel -Key takes them; the GlobalPlatform test key by default.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Key { get; set; }

    /// <summary>The key version the security domain holds (30 for SCP03, 20 for SCP02 by default).</summary>
    [Parameter]
    public byte KeyVersion { get; set; }

    /// <summary>SCP03 in S16 mode (i=71): 16-byte challenges, cryptograms and MACs.</summary>
    [Parameter]
    public SwitchParameter S16 { get; set; }

    protected override void EndProcessing()
    {
        var card = new VirtualCard();
        object target = Path;
        try
        {
            if (ParameterSetName == "Path")
            {
                var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
                if (!File.Exists(path))
                {
                    ThrowTerminatingError(ErrorRecordFactory.CardDefinitionNotFound(path));
                }
                VirtualCardDefinition.Apply(card, VirtualCardDefinition.ReadFile(path), path);
            }
            if (Transcript is not null)
            {
                var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Transcript);
                if (!File.Exists(file))
                {
                    ThrowTerminatingError(ErrorRecordFactory.TranscriptNotFound(file));
                }
                target = file;
                TranscriptReplay.Apply(card, ApduTranscript.Load(file));
            }
            var given = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var key in VirtualCardDefinition.Keys.Where(MyInvocation.BoundParameters.ContainsKey))
            {
                given[key] = MyInvocation.BoundParameters[key];
            }
            target = given;
            VirtualCardDefinition.Apply(card, given, "New-PcscVirtualCard");
            SetUpSecurityDomain(card.SecureMessaging);
        }
        catch (InvalidDataException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidCardDefinition(e, target));
        }
        WriteObject(card);
    }

    private void SetUpSecurityDomain(CardSecureMessaging domain)
    {
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Key)))
        {
            MyInvocation.BoundParameters[nameof(Key)] = "(redacted)";
        }
        domain.Protocol = SecureChannel;
        domain.KeyVersion = KeyVersion != 0 ? KeyVersion : SecureChannel == SecureChannelProtocol.Scp02 ? (byte)0x20 : (byte)0x30;
        domain.Parameter = S16 ? (byte)0x71 : (byte)0x70;
        try
        {
            if (Key is not null)
            {
                var keys = KeyInput.Read(Key);
                keys.CheckFits(SecureChannel);
                domain.Keys = keys;
            }
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidSecureChannelOption(e, nameof(Key)));
        }
    }
}
