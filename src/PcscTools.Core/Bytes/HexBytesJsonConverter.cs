using System.Text.Json;
using System.Text.Json.Serialization;

namespace PcscTools.Bytes;

/// <summary>Writes a <see cref="HexBytes"/> as its hex text ("3B 80 80 01 01") and reads it back from any hex spelling.</summary>
public sealed class HexBytesJsonConverter : JsonConverter<HexBytes>
{
    public override HexBytes Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A HexBytes value is a JSON string of hex digits, not {reader.TokenType}.");
        }
        var text = reader.GetString() ?? "";
        return Hex.TryParse(text, out var bytes, out var problem) ? new HexBytes(bytes) : throw new JsonException($"'{text}' is not hex: {problem}.");
    }

    public override void Write(Utf8JsonWriter writer, HexBytes value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
