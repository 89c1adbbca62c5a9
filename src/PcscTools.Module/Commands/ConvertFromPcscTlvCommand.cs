using System.Management.Automation;
using PcscTools.Module.Errors;
using PcscTools.Module.Tlv;
using PcscTools.Tlv;

namespace PcscTools.Module.Commands;

/// <summary>
/// ConvertFrom-PcscTlv: reads BER-TLV (or, with -Dgi, DGI records) into objects. Bytes that stop being TLV are not an
/// error: the objects before them are written and a warning says at which offset and why the rest does not parse.
/// </summary>
[Cmdlet(VerbsData.ConvertFrom, "PcscTlv")]
[OutputType(typeof(TlvObject), typeof(DgiRecord))]
public sealed class ConvertFromPcscTlvCommand : PSCmdlet
{
    private readonly List<byte> _pipedBytes = new();

    /// <summary>Hex text, bytes, HexBytes, or a response from Invoke-Apdu (its data).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyString]
    public object[] InputObject { get; set; } = [];

    /// <summary>Read DGI records (EMV CPS: a two-byte DGI, a length of one byte or FF and two bytes, the data) instead of BER-TLV.</summary>
    [Parameter]
    public SwitchParameter Dgi { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            var value = item is PSObject wrapped ? wrapped.BaseObject : item;
            // A byte array piped or given as a list arrives one byte at a time: they make one input until something else comes.
            if (value is byte or int or long && TlvInput.TryReadBytes(new[] { value }, out var single, out _))
            {
                _pipedBytes.AddRange(single);
                continue;
            }
            Flush();
            if (TlvInput.TryReadBytes(item, out var bytes, out var problem))
            {
                Emit(bytes);
            }
            else
            {
                WriteError(ErrorRecordFactory.InvalidTlvInput(item, $"'{item}' cannot be read as TLV: {problem}."));
            }
        }
    }

    protected override void EndProcessing() => Flush();

    private void Flush()
    {
        if (_pipedBytes.Count > 0)
        {
            var bytes = _pipedBytes.ToArray();
            _pipedBytes.Clear();
            Emit(bytes);
        }
    }

    private void Emit(byte[] bytes)
    {
        if (Dgi)
        {
            WriteObject(DgiRecord.Parse(bytes, out var problem), enumerateCollection: true);
            if (problem is not null)
            {
                WriteWarning($"Not all of the data is DGI records. {problem}");
            }
            return;
        }
        var tlv = BerTlv.Parse(bytes);
        WriteObject(tlv.Objects, enumerateCollection: true);
        foreach (var problem in tlv.Problems)
        {
            WriteWarning($"Not all of the data is BER-TLV. {problem}");
        }
    }
}
