using PcscTools.Bytes;
using PcscTools.SecureChannel;

namespace PcscTools.Tests.SecureChannel;

/// <summary>The primitives against their standards' own vectors.</summary>
public sealed class CryptoVectorTests
{
    private const string Message64 = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

    // RFC 4493 section 4, examples 1–4 (key 2b7e1516 28aed2a6 abf71588 09cf4f3c).
    [Theory]
    [InlineData(0, "bb1d6929e95937287fa37d129b756746")]
    [InlineData(16, "070a16b46b4d4144f79bdd9dd04a287c")]
    [InlineData(40, "dfa66747de9ae63030ca32611497c827")]
    [InlineData(64, "51f0bebf7e3b9d92fc49741779363cfe")]
    public void Aes_cmac_matches_rfc4493(int length, string mac)
    {
        var message = Hex.Parse(Message64).AsSpan(0, length);
        Assert.Equal(mac, Hex.Format(AesCmac.Compute(Hex.Parse("2b7e151628aed2a6abf7158809cf4f3c"), message), "").ToLowerInvariant());
    }

    // The same instance for all four, in turn: its cipher is made once and must start afresh for every message.
    [Fact]
    public void One_aes_cmac_instance_matches_rfc4493_for_every_message_in_turn()
    {
        using var cmac = new AesCmac(Hex.Parse("2b7e151628aed2a6abf7158809cf4f3c"));
        var macs = new[] { 0, 16, 40, 64, 0 }.Select(length => Hex.Format(cmac.Compute(Hex.Parse(Message64).AsSpan(0, length)), "").ToLowerInvariant());
        Assert.Equal(["bb1d6929e95937287fa37d129b756746", "070a16b46b4d4144f79bdd9dd04a287c", "dfa66747de9ae63030ca32611497c827", "51f0bebf7e3b9d92fc49741779363cfe", "bb1d6929e95937287fa37d129b756746"], macs);
    }

    // NIST SP 800-108 CAVP (KDFCTR_gen.txt), counter mode, PRF=CMAC_AES128, CTRLOCATION=BEFORE_FIXED, L=128:
    // RLEN=8_BITS (the one-byte counter SCP03 uses) and RLEN=32_BITS (a four-byte counter: three zero bytes of prefix).
    [Theory]
    [InlineData("", "dff1e50ac0b69dc40f1051d46c2b069c", "c16e6e02c5a3dcc8d78b9ac1306877761310455b4e41469951d9e6c2245a064b33fd8c3b01203a7824485bf0a64060c4648b707d2607935699316ea5", "8be8f0869b3c0ba97b71863d1b9f7813")]
    [InlineData("000000", "c10b152e8c97b77e18704e0f0bd38305", "98cd4cbbbebe15d17dc86e6dbad800a2dcbd64f7c7ad0e78e9cf94ffdba89d03e97eadf6c4f7b806caf52aa38f09d0eb71d71f497bcc6906b48d36c4", "26faf61908ad9ee881b8305c221db53f")]
    public void Counter_mode_kdf_matches_nist_sp800_108(string counterPrefix, string key, string fixedInput, string output)
    {
        var derived = CounterModeKdf.Derive(Hex.Parse(key), Hex.Parse(counterPrefix), Hex.Parse(fixedInput), 16);
        Assert.Equal(output, Hex.Format(derived, "").ToLowerInvariant());
    }
}
