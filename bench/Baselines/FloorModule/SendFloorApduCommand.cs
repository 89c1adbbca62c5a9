using System.Management.Automation;

namespace FloorModule;

/// <summary>
/// Send-FloorApdu: one SCardTransmit and its answer as bytes, nothing else. What pwsh charges any compiled cmdlet that
/// sends one APDU per call: the floor under Invoke-Apdu's per-call cost.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "FloorApdu")]
[OutputType(typeof(byte[]))]
public sealed class SendFloorApduCommand : PSCmdlet
{
    [Parameter(Mandatory = true)]
    public FloorCard? Card { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    public byte[] Command { get; set; } = [];

    protected override unsafe void ProcessRecord()
    {
        var answer = new byte[258];
        nuint length = (nuint)answer.Length;
        var send = new FloorNative.IoRequest { Protocol = Card!.Protocol, Length = (nuint)sizeof(FloorNative.IoRequest) };
        nint result;
        fixed (byte* command = Command)
        fixed (byte* receive = answer)
        {
            result = FloorNative.SCardTransmit(Card.Handle, &send, command, (nuint)Command.Length, null, receive, &length);
        }
        if (result != 0)
        {
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"libpcsclite answered 0x{result:X8}"), "FloorTransmitFailed", ErrorCategory.ConnectionError, Card));
        }
        WriteObject(answer[..(int)length]);
    }
}
