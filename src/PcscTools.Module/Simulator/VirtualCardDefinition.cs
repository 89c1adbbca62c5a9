using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using PcscTools.Bytes;
using PcscTools.Simulator.VirtualCard;

namespace PcscTools.Module.Simulator;

/// <summary>
/// A virtual card declared as data: an ATR, a table of command patterns → responses, files by folder, and the
/// T=0 behaviours. The keys of a definition file (.psd1) are the parameter names of New-PcscVirtualCard.
/// </summary>
internal static class VirtualCardDefinition
{
    public static readonly string[] Keys = ["Atr", "Response", "Files", "ChainResponses", "StrictLe", "ResponseDelay", "GlobalPlatform"];

    /// <summary>Reads a .psd1 definition as data only (no code runs), like Import-PowerShellDataFile.</summary>
    public static IDictionary ReadFile(string path)
    {
        var ast = Parser.ParseFile(path, out _, out var errors);
        if (errors.Length > 0)
        {
            throw new InvalidDataException($"'{path}' is not a valid PowerShell data file: {errors[0].Message} (line {errors[0].Extent.StartLineNumber}).");
        }
        if (ast.Find(a => a is HashtableAst, false) is not HashtableAst table || ast.EndBlock.Statements.Count != 1)
        {
            throw new InvalidDataException($"'{path}' must hold one hashtable: @{{ Atr = '3B 80 80 01 01'; Response = @{{ '00 A4 04 00 *' = '90 00' }} }}.");
        }
        try
        {
            return (IDictionary)table.SafeGetValue();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"'{path}' may hold data only (no commands or variables): {e.Message}", e);
        }
    }

    /// <summary>Applies a definition's keys to a card; unknown keys and bad values are errors that name the key.</summary>
    public static void Apply(VirtualCard card, IDictionary definition, string source)
    {
        foreach (DictionaryEntry entry in definition)
        {
            var key = Keys.FirstOrDefault(k => k.Equals(entry.Key?.ToString(), StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidDataException($"{source}: unknown key '{entry.Key}'; the keys are {string.Join(", ", Keys)}.");
            var value = Unwrap(entry.Value);
            switch (key)
            {
                case "Atr":
                    card.Atr = new HexBytes(ToBytes(value, $"{source}: Atr"));
                    break;
                case "Response":
                    AddResponses(card, value as IDictionary ?? throw new InvalidDataException($"{source}: Response is a table of command patterns and responses."), source);
                    break;
                case "Files":
                    AddFiles(card, value as IDictionary ?? throw new InvalidDataException($"{source}: Files is a table of folders (MF or an AID) holding tables of file IDs and contents."), source);
                    break;
                case "ChainResponses":
                    card.ChainResponses = LanguagePrimitives.IsTrue(value);
                    break;
                case "StrictLe":
                    card.StrictLe = LanguagePrimitives.IsTrue(value);
                    break;
                case "GlobalPlatform":
                    ApplyGlobalPlatform(card, value as IDictionary ?? throw new InvalidDataException($"{source}: GlobalPlatform is a table such as @{{ TagBasedStatus = $false; StatusEntriesPerAnswer = 2 }}."), source);
                    break;
                case "ResponseDelay":
                    card.ResponseDelay = value switch
                    {
                        TimeSpan span => span,
                        int or long or double => TimeSpan.FromMilliseconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
                        _ => TimeSpan.TryParse(value?.ToString(), CultureInfo.InvariantCulture, out var parsed) ? parsed
                            : throw new InvalidDataException($"{source}: ResponseDelay is milliseconds or a time span such as '00:00:00.250'."),
                    };
                    break;
            }
        }
    }

    /// <summary>
    /// Adds pattern → response entries. An ordered table keeps its order (earlier entries win); in a plain hashtable,
    /// whose order is arbitrary, the more specific pattern comes first: fixed-length before open-ended ('*'), then fewer '?', then longer.
    /// </summary>
    public static void AddResponses(VirtualCard card, IDictionary responses, string source)
    {
        var entries = responses.Cast<DictionaryEntry>().Select(e => (Pattern: e.Key?.ToString() ?? "", Value: Unwrap(e.Value)));
        if (responses is not IOrderedDictionary)
        {
            entries = entries.OrderBy(e => e.Pattern.TrimEnd().EndsWith('*')).ThenBy(e => e.Pattern.Count(c => c == '?')).ThenByDescending(e => e.Pattern.Count(Uri.IsHexDigit));
        }
        foreach (var (pattern, value) in entries)
        {
            var response = ToBytes(value, $"{source}: the response to '{pattern}'");
            if (response.Length < 2)
            {
                throw new InvalidDataException($"{source}: the response to '{pattern}' needs at least a status word (e.g. '90 00').");
            }
            try
            {
                card.Respond(pattern, Hex.Format(response));
            }
            catch (HexFormatException e)
            {
                throw new InvalidDataException($"{source}: '{pattern}' is not a command pattern: {e.Message}", e);
            }
        }
    }

    /// <summary>The issuer security domain's settings: TagBasedStatus, StatusEntriesPerAnswer, Cplc, CardRecognitionData, KeyInformation.</summary>
    private static void ApplyGlobalPlatform(VirtualCard card, IDictionary settings, string source)
    {
        var gp = card.GlobalPlatform;
        foreach (DictionaryEntry entry in settings)
        {
            var key = entry.Key?.ToString() ?? "";
            var value = Unwrap(entry.Value);
            var where = $"{source}: GlobalPlatform.{key}";
            switch (key.ToUpperInvariant())
            {
                case "TAGBASEDSTATUS":
                    gp.TagBasedStatus = LanguagePrimitives.IsTrue(value);
                    break;
                case "STATUSENTRIESPERANSWER":
                    gp.StatusEntriesPerAnswer = value is int or long or byte && Convert.ToInt32(value, CultureInfo.InvariantCulture) is > 0 and var n ? n
                        : throw new InvalidDataException($"{where} is a number of entries, 1 or more.");
                    break;
                case "CPLC":
                    gp.Cplc = new HexBytes(ToBytes(value, where));
                    break;
                case "CARDRECOGNITIONDATA":
                    gp.CardRecognitionData = new HexBytes(ToBytes(value, where));
                    break;
                case "KEYINFORMATION":
                    gp.KeyInformation = new HexBytes(ToBytes(value, where));
                    break;
                case "PLAINCONTENTCOMMANDS":
                    gp.PlainContentCommands = LanguagePrimitives.IsTrue(value);
                    break;
                default:
                    throw new InvalidDataException($"{source}: unknown GlobalPlatform key '{key}'; the keys are TagBasedStatus, StatusEntriesPerAnswer, Cplc, CardRecognitionData, KeyInformation, PlainContentCommands.");
            }
        }
    }

    private static void AddFiles(VirtualCard card, IDictionary folders, string source)
    {
        foreach (DictionaryEntry folder in folders)
        {
            var files = Unwrap(folder.Value) as IDictionary
                ?? throw new InvalidDataException($"{source}: folder '{folder.Key}' holds a table of file IDs (e.g. '0101') and contents.");
            foreach (DictionaryEntry file in files)
            {
                var id = ToBytes(file.Key, $"{source}: a file ID in '{folder.Key}'");
                if (id.Length != 2)
                {
                    throw new InvalidDataException($"{source}: file ID '{file.Key}' in '{folder.Key}' must be two bytes, e.g. '0101'.");
                }
                try
                {
                    card.Files.AddFile(folder.Key.ToString()!, (ushort)((id[0] << 8) | id[1]), ToBytes(Unwrap(file.Value), $"{source}: file {file.Key} in '{folder.Key}'"));
                }
                catch (HexFormatException e)
                {
                    throw new InvalidDataException($"{source}: folder '{folder.Key}' is neither MF nor an AID in hex: {e.Message}", e);
                }
            }
        }
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    private static byte[] ToBytes(object? value, string what) => value switch
    {
        byte[] bytes => bytes,
        HexBytes hex => hex.ToArray(),
        object[] items when items.All(i => Unwrap(i) is byte or int) => items.Select(i => Convert.ToByte(Unwrap(i), CultureInfo.InvariantCulture)).ToArray(),
        string text => Hex.TryParse(text, out var parsed, out var problem) ? parsed : throw new InvalidDataException($"{what} is not hex: {problem} in '{text}'."),
        _ => throw new InvalidDataException($"{what} must be hex text (e.g. '90 00') or bytes; got {value?.GetType().Name ?? "nothing"}."),
    };
}
