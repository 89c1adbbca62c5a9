using System.Collections;
using System.Management.Automation;
using PcscTools.Bytes;
using PcscTools.Module.Errors;
using PcscTools.Module.Tlv;
using PcscTools.Tlv;

namespace PcscTools.Module.Commands;

/// <summary>
/// ConvertTo-PcscTlv: encodes a table of tag → value (a nested table for a constructed tag) as BER-TLV, or with -Dgi a
/// table of DGI → content as DGI records, the format STORE DATA carries. Also re-encodes TlvObject and DgiRecord objects.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "PcscTlv")]
[OutputType(typeof(HexBytes))]
public sealed class ConvertToPcscTlvCommand : PSCmdlet
{
    /// <summary>A table (use [ordered]@{} to keep the order), or TlvObject / DgiRecord objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    /// <summary>The table's keys are DGIs (four hex digits) and its values their content (bytes, or a table of TLV).</summary>
    [Parameter]
    public SwitchParameter Dgi { get; set; }

    protected override void ProcessRecord()
    {
        var input = InputObject is PSObject wrapped ? wrapped.BaseObject : InputObject;
        try
        {
            WriteObject(input switch
            {
                IDictionary table when Dgi => new HexBytes(DgiRecord.Encode(TlvInput.ReadDgiRecords(table))),
                IDictionary table => new HexBytes(BerTlv.Encode(TlvInput.ReadObjects(table))),
                TlvObject o => o.Encoded,
                DgiRecord r => r.Encoded,
                _ => throw new InvalidDataException($"A {input?.GetType().Name} cannot be encoded; give a table such as [ordered]@{{ '4F' = 'A000000151000000' }}, or TlvObject or DgiRecord objects."),
            });
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            WriteError(ErrorRecordFactory.InvalidTlvDefinition(e, InputObject));
        }
    }
}
