using System.Collections;
using System.Management.Automation;
using PcscTools.Bytes;
using PcscTools.Module.Errors;
using PcscTools.Module.VirtualCards;
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

    /// <summary>The issuer security domain's settings: TagBasedStatus, StatusEntriesPerAnswer, Cplc, CardRecognitionData, KeyInformation.</summary>
    [Parameter]
    [ValidateNotNull]
    public IDictionary? GlobalPlatform { get; set; }

    /// <summary>A transcript of Invoke-Apdu -TranscriptPath: the card takes its ATR and answers the recorded commands, in order, with the recorded responses.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Transcript { get; set; }

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
        }
        catch (InvalidDataException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidCardDefinition(e, target));
        }
        WriteObject(card);
    }
}
