using System.Management.Automation;
using PcscTools.Atr;
using PcscTools.Errors;
using PcscTools.Module.Completion;
using PcscTools.Module.Errors;
using PcscTools.Readers;

namespace PcscTools.Module.Commands;

/// <summary>Get-PcscReader: the readers pcscd knows, with their card state and ATR.</summary>
[Cmdlet(VerbsCommon.Get, "PcscReader")]
[OutputType(typeof(PcscReader))]
public sealed class GetPcscReaderCommand : PcscCmdlet
{
    private readonly HashSet<string> _emitted = new(StringComparer.Ordinal);
    private readonly Lazy<SmartcardList?> _cardList = new(LoadCardList);

    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Reader", "ReaderName")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ReaderNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Adds an Analysis property: the ATR decoded as ConvertFrom-PcscAtr does (null without a card). Plain calls do no decoding.</summary>
    [Parameter]
    public SwitchParameter Analyze { get; set; }

    protected override void ProcessRecordCancellable()
    {
        IReadOnlyList<PcscReader> readers;
        try
        {
            readers = Context.GetReaders();
        }
        catch (PcscException e)
        {
            WritePcscError(e, Name);
            return;
        }
        if (Name is null)
        {
            readers.ToList().ForEach(Emit);
            return;
        }
        foreach (var name in Name)
        {
            var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
            var matches = readers.Where(r => pattern.IsMatch(r.Name)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                WriteError(ErrorRecordFactory.ReaderNotFound(name));
            }
            matches.ForEach(Emit);
        }
    }

    private void Emit(PcscReader reader)
    {
        if (!_emitted.Add(reader.Name))
        {
            return;
        }
        if (!Analyze)
        {
            WriteObject(reader);
            return;
        }
        var output = PSObject.AsPSObject(reader);
        output.Properties.Add(new PSNoteProperty("Analysis", reader.CardPresent ? AtrDecoder.Decode(reader.Atr, _cardList.Value) : null));
        WriteObject(output);
    }

    /// <summary>Card identification is a nicety here: a missing or unreadable list only means no Cards.</summary>
    private static SmartcardList? LoadCardList()
    {
        try
        {
            return SmartcardList.LoadDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
