using System.Management.Automation;
using PcscTools.GlobalPlatform;

namespace PcscTools.Module.Commands;

/// <summary>Remove-PcscGpContent: DELETE of applications, security domains or load files, with their related objects when asked.</summary>
[Cmdlet(VerbsCommon.Remove, "PcscGpContent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemovePcscGpContentCommand : GpSessionCmdlet
{
    /// <summary>The AIDs to delete; Get-PcscGpStatus entries can be piped in.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Aid { get; set; } = [];

    /// <summary>Also delete related objects: a load file's applications (DELETE with P2 = 80).</summary>
    [Parameter]
    public SwitchParameter Related { get; set; }

    protected override void ProcessRecordCancellable()
    {
        foreach (var text in Aid)
        {
            var aid = ParseAid(text, nameof(Aid));
            if (!ShouldProcess(Session!.Reader, $"Delete {aid.Hex}{(Related ? " and its related objects" : "")}"))
            {
                continue;
            }
            Ready();
            TransmitExpectingSuccess(GpCommands.Delete(aid, Related));
        }
    }
}
