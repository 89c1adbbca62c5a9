using System.Management.Automation;
using PcscTools.Cards;
using PcscTools.Errors;
using PcscTools.Sessions;

namespace PcscTools.Module.Commands;

/// <summary>Disconnect-PcscCard: closes card sessions, doing what -Disposition says to the card. Closing a closed session does nothing.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "PcscCard")]
[OutputType(typeof(void))]
public sealed class DisconnectPcscCardCommand : PcscCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public CardSession[] Session { get; set; } = [];

    [Parameter]
    public CardDisposition Disposition { get; set; } = CardDisposition.Leave;

    protected override void ProcessRecordCancellable()
    {
        foreach (var session in Session)
        {
            try
            {
                session.Close(Disposition);
            }
            catch (PcscException e)
            {
                WritePcscError(e, session);
            }
        }
    }
}
