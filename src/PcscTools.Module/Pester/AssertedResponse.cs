using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.Bytes;

namespace PcscTools.Module.Pester;

/// <summary>
/// What the Should operators judge of a response: a live ResponseApdu, or one deserialised from a remote session or
/// a job (whose methods are gone but whose reader, command text, data and status word travelled with it).
/// </summary>
internal sealed record AssertedResponse(string Reader, string Command, HexBytes Data, byte SW1, byte SW2)
{
    private const string DeserializedTypeName = "Deserialized.PcscTools.Apdu.ResponseApdu";

    public string StatusWord => $"{SW1:X2}{SW2:X2}";

    public string Meaning => StatusWordMeaning.Describe(SW1, SW2);

    public bool StatusMatches(IEnumerable<StatusPattern> patterns) => patterns.Any(pattern => pattern.Matches((ushort)((SW1 << 8) | SW2)));

    /// <summary>The response in <paramref name="actual"/>, or null when it is not one.</summary>
    public static AssertedResponse? From(object? actual) => actual switch
    {
        PSObject { BaseObject: ResponseApdu live } => FromLive(live),
        ResponseApdu live => FromLive(live),
        PSObject wrapped when wrapped.TypeNames.Contains(DeserializedTypeName) => FromDeserialized(wrapped),
        _ => null,
    };

    private static AssertedResponse FromLive(ResponseApdu response) =>
        new(response.Reader, response.Command.ToString(), response.Data, response.SW1, response.SW2);

    private static AssertedResponse FromDeserialized(PSObject response)
    {
        object? Value(string name) => response.Properties[name]?.Value is PSObject { BaseObject: var inner } ? inner : response.Properties[name]?.Value;
        // A property bag holding its Hex (PcscTools.Types.ps1xml serialises responses deep enough), or its text when shallower.
        var data = response.Properties["Data"]?.Value switch
        {
            PSObject bag when bag.Properties["Hex"]?.Value is string hex => HexBytes.Parse(hex),
            string text => HexBytes.Parse(text),
            _ => HexBytes.Empty,
        };
        return new($"{Value("Reader")}", $"{response.Properties["Command"]?.Value}", data,
            LanguagePrimitives.ConvertTo<byte>(Value("SW1")), LanguagePrimitives.ConvertTo<byte>(Value("SW2")));
    }
}
