using System.Collections;
using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.GlobalPlatform;
using PcscTools.Module.Errors;
using PcscTools.Module.Tlv;
using PcscTools.Tlv;

namespace PcscTools.Module.Commands;

/// <summary>
/// Write-PcscGpData: personalisation data to an application with STORE DATA, in numbered blocks of any number: DGI
/// records (from a table) or bytes as given. With -Application, INSTALL [for personalization] names the application first.
/// </summary>
[Cmdlet(VerbsCommunications.Write, "PcscGpData", DefaultParameterSetName = DgiSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ResponseApdu))]
public sealed class WritePcscGpDataCommand : GpSessionCmdlet
{
    private const string DgiSet = "Dgi";
    private const string DataSet = "Data";

    /// <summary>DGI (four hex digits) → content: hex, bytes, or a table of TLV to encode; [ordered]@{} keeps the order.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = DgiSet)]
    [ValidateNotNull]
    public IDictionary? Dgi { get; set; }

    /// <summary>The data as it is to be sent (hex or bytes), cut into blocks.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DataSet)]
    [ValidateNotNull]
    public object? Data { get; set; }

    /// <summary>STORE DATA's P1 b7-b1 for -Data: 00 unformatted, 10 BER-TLV, 20 DGI (DGI records use 20).</summary>
    [Parameter(ParameterSetName = DataSet)]
    public byte Structure { get; set; }

    /// <summary>The application to personalise (INSTALL [for personalization] first); without it the data goes to the selected security domain.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Application { get; set; }

    /// <summary>
    /// Data bytes per STORE DATA command: by default as many as a short command carries on the session (255; inside a
    /// secure channel less, leaving room for C-DECRYPTION's padding and the MAC). A larger one is cut down to that.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 255)]
    public int BlockSize { get; set; }

    /// <summary>Write the card's answer to each block.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordCancellable()
    {
        var application = Application is null ? null : ParseAid(Application, nameof(Application));
        // The session decides how much a block may carry (Core's one place: CardSession.MaxBlockLength).
        var room = Session!.MaxBlockLength;
        var blockSize = BlockSize == 0 ? room : Math.Min(BlockSize, room);
        if (blockSize < BlockSize)
        {
            WriteVerbose($"STORE DATA blocks of {blockSize} byte(s), not {BlockSize}: wrapped in {Session.SecureMessaging}, a longer one would not be a short APDU.");
        }
        IReadOnlyList<CommandApdu> blocks;
        try
        {
            if (Dgi is not null)
            {
                blocks = StoreDataBlocks.SplitRecords(TlvInput.ReadDgiRecords(Dgi), blockSize);
            }
            else if (TlvInput.TryReadBytes(Data, out var bytes, out var problem))
            {
                blocks = StoreDataBlocks.Split(bytes, Structure, blockSize);
            }
            else
            {
                ThrowTerminatingError(ErrorRecordFactory.InvalidTlvInput(Data, $"-Data is not bytes: {problem}."));
                return;
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidDataException)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidTlvDefinition(e, (object?)Dgi ?? Data));
            return;
        }
        var length = blocks.Sum(b => b.Lc);
        if (!ShouldProcess(Session!.Reader, $"STORE DATA of {length} byte(s) in {blocks.Count} block(s) to {application?.Hex ?? "the security domain"}"))
        {
            return;
        }
        Ready();
        if (application is not null && TransmitExpectingSuccess(GpCommands.InstallForPersonalization(application)) is null)
        {
            return;
        }
        foreach (var block in blocks)
        {
            var response = TransmitExpectingSuccess(block);
            if (response is null)
            {
                return;
            }
            if (PassThru)
            {
                WriteObject(response);
            }
        }
    }
}
