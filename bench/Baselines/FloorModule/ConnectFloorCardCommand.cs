using System.Management.Automation;

namespace FloorModule;

/// <summary>Connect-FloorCard: a shared connection to the card in a reader, for Send-FloorApdu.</summary>
[Cmdlet(VerbsCommunications.Connect, "FloorCard")]
[OutputType(typeof(FloorCard))]
public sealed class ConnectFloorCardCommand : PSCmdlet
{
    private const nuint UserScope = 0;
    private const nuint Shared = 2;
    private const nuint AnyProtocol = 3;

    [Parameter(Mandatory = true)]
    public string Reader { get; set; } = "";

    protected override void ProcessRecord()
    {
        var result = FloorNative.SCardEstablishContext(UserScope, 0, 0, out var context);
        if (result == 0)
        {
            result = FloorNative.SCardConnect(context, Reader, Shared, AnyProtocol, out var card, out var protocol);
            if (result == 0)
            {
                WriteObject(new FloorCard(card, (uint)protocol));
                return;
            }
        }
        ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"libpcsclite answered 0x{result:X8}"), "FloorConnectFailed", ErrorCategory.ConnectionError, Reader));
    }
}
