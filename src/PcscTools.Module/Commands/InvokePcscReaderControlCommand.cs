using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.Cards;
using PcscTools.Errors;
using PcscTools.Module.Apdu;
using PcscTools.Module.Completion;
using PcscTools.Module.Errors;
using PcscTools.Sessions;

namespace PcscTools.Module.Commands;

/// <summary>
/// Invoke-PcscReaderControl: sends a control code to the reader driver (SCardControl) and writes its answer as bytes.
/// -Code takes the driver's function number (e.g. 3400 for GET_FEATURE_REQUEST) or a full pcsc-lite code (0x42000000 + n).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "PcscReaderControl", DefaultParameterSetName = "Reader")]
[OutputType(typeof(HexBytes))]
public sealed class InvokePcscReaderControlCommand : PcscCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Reader", ValueFromPipelineByPropertyName = true)]
    [Alias("ReaderName")]
    [ArgumentCompleter(typeof(ReaderNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Reader { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = "Session", ValueFromPipeline = true)]
    [ValidateNotNull]
    public CardSession? Session { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    public uint Code { get; set; }

    /// <summary>The input bytes: hex text or a byte array.</summary>
    [Parameter(Position = 2)]
    public object? Data { get; set; }

    protected override void ProcessRecord()
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
        CardSession? opened = null;
        try
        {
            var session = Session ?? (opened = CardSession.Open(Reader, ShareMode.Direct, CardProtocols.None, cancel: StopToken));
            WriteObject(new HexBytes(session.Control(Code, input)));
        }
        catch (PcscException e)
        {
            WritePcscError(e, Session?.Reader ?? Reader);
        }
        finally
        {
            opened?.Close();
        }
    }
}
