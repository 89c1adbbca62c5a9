using System.Security.Cryptography;
using System.Text.Json;
using PcscTools.Atr;
using PcscTools.Bytes;

namespace PcscTools.Tests.Atr;

/// <summary>
/// The decoder against pcsc-tools' ATR_analysis. The expected values were made at fixture-generation time by running
/// ATR_analysis (tests/Fixtures/Atr/New-AtrAnalysisFixtures.ps1 wrote atr-analysis.json); the Pester suite also runs
/// ATR_analysis live on a few of them.
/// </summary>
public sealed class AtrAnalysisAgreementTests
{
    private static readonly Lazy<Fixture> Reference = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "atr-analysis.json");
        return JsonSerializer.Deserialize<Fixture>(File.ReadAllText(path))!;
    });

    public static IEnumerable<object[]> Atrs() => Reference.Value.atrs.Select(a => new object[] { a.Atr });

    [Fact]
    public void The_fixture_covers_many_real_world_and_malformed_atrs()
    {
        Assert.True(Reference.Value.atrs.Count >= 150, $"only {Reference.Value.atrs.Count} ATRs");
        Assert.Contains(Reference.Value.atrs, a => a.TckValid == false);
        Assert.Contains(Reference.Value.atrs, a => a.TckValid == true);
        Assert.Contains(Reference.Value.atrs, a => a.Cards.Count > 1);
        Assert.Contains(Reference.Value.atrs, a => a.Cards.Any(c => c.Pattern != a.Atr));
    }

    [Theory]
    [MemberData(nameof(Atrs))]
    public void Protocols_FiDi_and_tck_verdict_agree_with_ATR_analysis(string atr)
    {
        var expected = Reference.Value.atrs.Single(a => a.Atr == atr);
        var analysis = AtrDecoder.Decode(Hex.Parse(atr));
        Assert.Equal(expected.Protocols, analysis.Protocols);
        Assert.Equal(expected.Fi, analysis.Fi);
        Assert.Equal(expected.Di, analysis.Di);
        Assert.Equal(expected.TckValid, analysis.TckValid);
    }

    [Theory]
    [MemberData(nameof(Atrs))]
    public void Matched_cards_and_descriptions_agree_with_ATR_analysis(string atr)
    {
        var fixture = Reference.Value;
        var expected = fixture.atrs.Single(a => a.Atr == atr);
        if (!expected.LookedUp)
        {
            // ATR_analysis stops before its lookup for memory cards and ATRs cut short in their interface bytes.
            return;
        }
        var list = SmartcardList.Load(fixture.list);
        Assert.True(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(fixture.list))) == fixture.listSha256,
            $"{fixture.list} differs from the one the fixture was made with: rerun {fixture.generatedBy}.");
        var cards = AtrDecoder.Decode(Hex.Parse(atr), list).Cards;
        Assert.Equal(expected.Cards.Select(c => c.Pattern), cards.Select(c => c.Pattern));
        Assert.Equal(expected.Cards.Select(c => string.Join("\n", c.Descriptions)), cards.Select(c => string.Join("\n", c.Descriptions.Select(d => d.TrimEnd()))));
    }

#pragma warning disable IDE1006 // the JSON's own names
    private sealed record Fixture(string generatedBy, string list, string listSha256, List<Expected> atrs);

    private sealed record Expected(string Atr, List<string> Protocols, int? Fi, int? Di, bool? TckValid, bool LookedUp, List<ExpectedCard> Cards);

    private sealed record ExpectedCard(string Pattern, List<string> Descriptions);
#pragma warning restore IDE1006
}
