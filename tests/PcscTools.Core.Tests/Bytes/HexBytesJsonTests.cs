using System.Text.Json;
using PcscTools.Bytes;
using PcscTools.Readers;

namespace PcscTools.Tests.Bytes;

public sealed class HexBytesJsonTests
{
    [Fact]
    public void A_reader_serialises_its_atr_as_hex_text()
    {
        var reader = new PcscReader("Reader 0", 0x22, [0x3B, 0x80, 0x80, 0x01, 0x01]);
        var json = JsonSerializer.Serialize(reader);
        Assert.Contains("\"Atr\":\"3B 80 80 01 01\"", json);
        Assert.Contains("\"Name\":\"Reader 0\"", json);
    }

    [Theory]
    [InlineData("\"3b808001 01\"")]
    [InlineData("\"0x3B80800101\"")]
    public void Reads_back_from_any_hex_spelling(string json)
    {
        Assert.Equal(new HexBytes("3B 80 80 01 01"), JsonSerializer.Deserialize<HexBytes>(json));
    }

    [Theory]
    [InlineData("\"3B 8G\"", "'G' at position 5 is not a hex digit")]
    [InlineData("[59, 128]", "not StartArray")]
    public void Rejects_what_is_not_hex_text_saying_why(string json, string problem)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<HexBytes>(json));
        Assert.Contains(problem, error.Message);
    }
}
