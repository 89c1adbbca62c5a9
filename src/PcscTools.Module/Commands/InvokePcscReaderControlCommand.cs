using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.Module.Apdu;
using PcscTools.Module.Errors;

namespace PcscTools.Module.Commands;

/// <summary>
/// Invoke-PcscReaderControl: sends a control code to the reader driver (SCardControl) and writes its answer as bytes.
/// -Code takes the driver's function number (e.g. 3400 for GET_FEATURE_REQUEST) or a full pcsc-lite code (0x42000000 + n).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "PcscReaderControl", DefaultParameterSetName = "Reader")]
[OutputType(typeof(HexBytes))]
public sealed class InvokePcscReaderControlCommand : ReaderAccessCmdlet
{
    [Parameter(Mandatory = true, Position = 1)]
    public uint Code { get; set; }

    /// <summary>The input bytes: hex text or a byte array.</summary>
    [Parameter(Position = 2)]
    public object? Data { get; set; }

    protected override void ProcessRecordCancellable()
    {
        byte[] input;
        try
        {
            input = CommandInput.ReadBytes(Data);
        }
        catch (ApduFormatException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidApdu(e));
            return;
        }
        WithReader(session => WriteObject(new HexBytes(session.Control(Code, input))));
    }
}
