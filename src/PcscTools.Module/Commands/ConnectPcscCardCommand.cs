using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PcscTools.Cards;
using PcscTools.Errors;
using PcscTools.Module.Completion;
using PcscTools.Module.Errors;
using PcscTools.Module.Sessions;
using PcscTools.Sessions;

namespace PcscTools.Module.Commands;

/// <summary>Connect-PcscCard: opens a card session (a held connection) that Invoke-Apdu can use; closed by Disconnect-PcscCard, Remove-Module or the end of the runspace.</summary>
[Cmdlet(VerbsCommunications.Connect, "PcscCard")]
[OutputType(typeof(CardSession))]
public sealed class ConnectPcscCardCommand : PcscCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "ReaderName")]
    [ArgumentCompleter(typeof(ReaderNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Reader { get; set; } = "";

    [Parameter]
    public ShareMode ShareMode { get; set; } = ShareMode.Shared;

    [Parameter]
    [ValidateSet("Any", "T0", "T1", "Raw")]
    public CardProtocols Protocol { get; set; } = CardProtocols.Any;

    /// <summary>Seconds to wait while another program holds the card exclusively or in a transaction.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public double Timeout { get; set; } = 10;

    protected override void ProcessRecordCancellable()
    {
        try
        {
            var owner = RunspaceSessions.OwnerFor(Runspace.DefaultRunspace);
            WriteObject(CardSession.Open(Reader, ShareMode, Protocol, TimeSpan.FromSeconds(Timeout), StopToken, owner));
        }
        catch (PcscException e)
        {
            WritePcscError(e, Reader);
        }
    }
}
