using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.Module.Apdu;
using PcscTools.Module.Errors;

namespace PcscTools.Module.Commands;

/// <summary>New-PcscApdu: builds a command APDU from its parts (ISO 7816-4 cases 1–4, short or extended length), for Invoke-Apdu.</summary>
[Cmdlet(VerbsCommon.New, "PcscApdu")]
[OutputType(typeof(CommandApdu))]
public sealed class NewPcscApduCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public byte Cla { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    public byte Ins { get; set; }

    [Parameter(Mandatory = true, Position = 2)]
    public byte P1 { get; set; }

    [Parameter(Mandatory = true, Position = 3)]
    public byte P2 { get; set; }

    /// <summary>The data field: hex text or bytes (Lc is computed).</summary>
    [Parameter(Position = 4)]
    public object? Data { get; set; }

    /// <summary>How many bytes to ask for: 0 for as many as there are (256, or 65536 when extended), or 1–65536.</summary>
    [Parameter(Position = 5)]
    [ValidateRange(0, CommandApdu.MaxExpectedLength)]
    public int? Le { get; set; }

    /// <summary>Use extended length even when short would do (it is used anyway for more than 255 data bytes or an Le over 256).</summary>
    [Parameter]
    public SwitchParameter Extended { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            WriteObject(new CommandApdu(Cla, Ins, P1, P2, CommandInput.ReadBytes(Data), Le, Extended));
        }
        catch (ApduFormatException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidApdu(e));
        }
    }
}
