using System.Collections;
using System.Management.Automation;
using PcscTools.Atr;
using PcscTools.Bytes;
using PcscTools.Module.Bytes;
using PcscTools.Module.Errors;

namespace PcscTools.Module.Commands;

/// <summary>
/// ConvertFrom-PcscAtr: decodes answers to reset per ISO/IEC 7816-3 and names the card from pcsc-tools'
/// smartcard_list.txt, as ATR_analysis does, without Perl. Takes hex text, bytes, readers and card events.
/// </summary>
[Cmdlet(VerbsData.ConvertFrom, "PcscAtr")]
[OutputType(typeof(AtrAnalysis))]
public sealed class ConvertFromPcscAtrCommand : PSCmdlet
{
    private readonly List<byte> _pipedBytes = new();
    private SmartcardList? _list;

    /// <summary>The ATR: hex text, a byte array, HexBytes, or any object with an Atr property (readers, card events).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyString]
    public object[] Atr { get; set; } = Array.Empty<object>();

    /// <summary>The smartcard_list.txt to identify cards with; by default the first one ATR_analysis would use.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ListPath { get; set; }

    protected override void BeginProcessing()
    {
        if (ListPath is not null)
        {
            var path = GetUnresolvedProviderPathFromPSPath(ListPath);
            try
            {
                _list = SmartcardList.Load(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ThrowTerminatingError(ErrorRecordFactory.SmartcardListUnreadable(path, e));
            }
            return;
        }
        try
        {
            _list = SmartcardList.LoadDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteWarning($"Cards are not identified: {e.Message}");
        }
        if (_list is null)
        {
            WriteVerbose($"No smartcard_list.txt found (looked in {string.Join(", ", SmartcardList.SearchPaths)}); cards are not identified. Install pcsc-tools or give -ListPath.");
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var item in Atr)
        {
            Convert(item, item);
        }
    }

    protected override void EndProcessing() => FlushBytes();

    /// <summary>Bytes arrive one at a time when a byte array is piped or passed as -Atr; they make one ATR until something else comes.</summary>
    private void Convert(object? input, object? original)
    {
        var value = input is PSObject wrapped ? wrapped.BaseObject : input;
        if (ByteInput.AsByte(value) is byte single)
        {
            _pipedBytes.Add(single);
            return;
        }
        FlushBytes();
        switch (value)
        {
            case HexBytes hex:
                Emit(hex.AsSpan());
                return;
            case byte[] bytes:
                Emit(bytes);
                return;
            case string text:
                if (Hex.TryParse(text, out var parsed, out var problem))
                {
                    Emit(parsed);
                }
                else
                {
                    WriteError(ErrorRecordFactory.InvalidAtrInput(original, $"'{text}' is not hex: {problem}."));
                }
                return;
        }
        if (value is not null && PSObject.AsPSObject(input).Properties["Atr"]?.Value is { } atr)
        {
            var bytes = ToBytes(atr);
            if (bytes is { Length: 0 })
            {
                WriteVerbose($"Skipping '{value}': it has no ATR (no card).");
                return;
            }
            Convert(atr, original);
            return;
        }
        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                Convert(item, original);
            }
            FlushBytes();
            return;
        }
        WriteError(ErrorRecordFactory.InvalidAtrInput(original, $"A {value?.GetType().Name ?? "null"} is not an ATR."));
    }

    private static byte[]? ToBytes(object atr) => (atr is PSObject p ? p.BaseObject : atr) switch
    {
        HexBytes hex => hex.ToArray(),
        byte[] bytes => bytes,
        _ => null,
    };

    private void FlushBytes()
    {
        if (_pipedBytes.Count > 0)
        {
            var bytes = _pipedBytes.ToArray();
            _pipedBytes.Clear();
            Emit(bytes);
        }
    }

    private void Emit(ReadOnlySpan<byte> atr) => WriteObject(AtrDecoder.Decode(atr, _list));
}
