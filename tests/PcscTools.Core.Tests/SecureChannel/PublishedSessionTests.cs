using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.SecureChannel;

namespace PcscTools.Tests.SecureChannel;

/// <summary>
/// Sessions recorded and published by independent implementations, reproduced byte for byte: the host's INITIALIZE UPDATE,
/// its check of the card cryptogram, EXTERNAL AUTHENTICATE, and the wrapping and unwrapping that follow.
/// </summary>
public sealed class PublishedSessionTests
{
    // osmocom/pysim, tests/unittests/test_globalplatform.py: KEYSET_AES128/192/256 (KVN 30/31/32), sessions recorded on a
    // card at security levels 11 (C-MAC + R-MAC), 03 (C-MAC + C-DECRYPTION) and 33 (everything), i=70.
    private static readonly string[] Aes128 = ["000102030405060708090a0b0c0d0e0f", "101112131415161718191a1b1c1d1e1f", "202122232425262728292a2b2c2d2e2f"];
    private static readonly string[] Aes192 = ["000102030405060708090a0b0c0d0e0f0001020304050607", "101112131415161718191a1b1c1d1e1f1011121314151617", "202122232425262728292a2b2c2d2e2f2021222324252627"];
    private static readonly string[] Aes256 = ["000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f", "101112131415161718191a1b1c1d1e1f101112131415161718191a1b1c1d1e1f", "202122232425262728292a2b2c2d2e2f202122232425262728292a2b2c2d2e2f"];

    public static TheoryData<string, string[], string, string, string, string, string, string[]> PySimScp03 => new()
    {
        { "AES128_11", Aes128, "8050300008b13e5f938fc108c400", "000000000000000000003003703eb51047495b249f66c484c1d2ef1948000002", "84821100107d5f5826a993ebc89eea24957fa0b3ce",
            "84e291000ebf3e035c015a558d036518a2829700", "bf3e125a1089882119900000000000000000000005971be68992dbbdfa",
            ["84f220020863a63f8959827fb2", "84ca006608a0c6a4a74166f7ce00", "84f22002124f0212345c054f9f70c52249b50272656536", "84f280020a4f00e91443f6dce6b8ed00"] },
        { "AES128_03", Aes128, "80503000088e1552d0513c60f300", "0000000000000000000030037030760cd2c47c1dd395065fe5ead8a9d7000001", "8482030010fd4721a14d9b07003c451d2f8ae6bb21",
            "84e2910018ca9c00f6713d79bc8baa642bdff51c3f6a4082d3bd9ad26c00", "bf3e125a1089882119900000000000000000000005",
            ["84f2200208c9811b11f1264cf1", "84ca006608e10ab60b3054798800", "84f22002184e2908bdb48b2315a55482e9e936ca122d6ecfae7d17416e", "84f28002180dd10a6b6193e5340b9e77d32d5a179cd710ac2773aefb2800"] },
        { "AES128_33", Aes128, "8050300008fdf38259a1e0de4400", "000000000000000000003003703b1aca81e821f219081cdc01c26b372d000003", "84823300108c36f96bcc00724a4e13ad591d7da3f0",
            "84e2910018267a85dfe4a98fca6fb0527e0dfecce4914e40401433c87f00", "f3ba2b1013aa6224f5e1c138d71805c569e5439b47576260b75fc021b25097cb2e68f8a0144975b9",
            ["84f2200208ac6a59024bed84cc", "84ca006608409912ad8fb7aed000", "84f22002185f3dafc3ac14c381536a488bf44e06d056df9d74dbd21e5a", "84f280021865165105be3373347d0424d4400af2ac393f569ec779389e00"] },
        { "AES192_11", Aes192, "80503100087396430b768b085b00", "000000000000000000003103708cfc23522ffdbf1e5df5542cac8fd866000003", "84821100102145ed30b146f5db252fb7e624cec244",
            "84e291000ebf3e035c015aff42cf801d14394400", "bf3e125a1089882119900000000000000000000005162fbd33e04940a9",
            ["84f22002084584e4f6784811ee", "84ca006608937776ebe190fa3000", "84f22002124f0212345c054f9f70c59a52bddf3040368c", "84f280020a4f009804b11411f7393d00"] },
        { "AES192_03", Aes192, "805031000869c65da8202bf19f00", "00000000000000000000310370b570a67be38446717729d6dd3d2ec5b1000001", "848203001065df4f1a356a887905466516d9e5b7c1",
            "84e2910018d2c6fb477c5d4afe4fd4d21f17eff10d3578ec1774a12a2d00", "bf3e125a1089882119900000000000000000000005",
            ["84f2200208964e188f0b1bb697", "84ca006608f0820035a41d3e1800", "84f220021806b076ed452cd1fa84f77f5c08a146aa77a9286757dea791", "84f2800218d06527e39222dce091fabdb8e9b898417a67a6852d3577db00"] },
        { "AES192_33", Aes192, "80503100089b3f2eef0e8c937400", "00000000000000000000310370f6bb305a15bae1a68f79fb08212fbed7000002", "84823300109100bc22d58b45b86a26365ce39ff3cf",
            "84e29100188f7f946c84f70d17994bc6e8791251bb1bb1bf02cf8de58900", "c05176c1b6f72aae50c32cbee63b0e95998928fd4dfb2be9f27ffde8c8476f5909b4805cc4039599",
            ["84f2200208d5d97754b6b3d2ba", "84ca006608516c82b8e30adbeb00", "84f2200218cc247f4761e6944277a4e0d6e32e44025b1e31537e2fc668", "84f2800218ba22b63d509bef5d093b43e5eaed03ed23144ab2d9cb51de00"] },
        { "AES256_11", Aes256, "805032000811666d57866c6f5400", "0000000000000000000032037053ea8847efa7674e41498a4d66cf0dee000003", "84821100102f2ad190eff2fafc4908996d1cebd310",
            "84e291000ebf3e035c015af4b680372542b59d00", "bf3e125a10898821199000000000000000000000058012dd7f01f1c4c1",
            ["84f2200208d618b7da68d5fe52", "84ca0066088f3e055db23ad5e500", "84f22002124f0212345c054f9f70c5b6e15cc42404915e", "84f280020a4f00aa124aa74afe7f7500"] },
        { "AES256_03", Aes256, "8050320008c6066990fc426e1d00", "000000000000000000003203708682cd81bbd8919f2de3f2664581f118000001", "848203001077c493b632edadaf865a1e64acc07ce9",
            "84e29100183ddaa60594963befaada3525b492ede23c2ab2c1ce3afe4400", "bf3e125a1089882119900000000000000000000005",
            ["84f2200208480ddc8e419da38d", "84ca0066083e9d6a6c0b2d732000", "84f22002183ebfef2da8b04af2a85f491f299b76973df76ff08a4031be", "84f2800218783fff80990f5585b1055010ea95094a26e4a8f1ef4b18e100"] },
        { "AES256_33", Aes256, "805032000897b2055fe58599fd00", "00000000000000000000320370a8439a22cedf045fa9f1903b2834f26e000002", "8482330010508a0fd959d2e547c6b33154a6be2057",
            "84e29100187a5ef717eaf1e135ae92fe54429d0e465decda65f5fe5aea00", "ea90dbfa648a67c5eb6abc57f8530b97d0cd5647c5e8732016b55203b078dd2ace7f8bc5d1c1cd99",
            ["84f2200208bcc5c17275545d93", "84ca00660804806aba9d543bb600", "84f2200218717222491556ec81a45f49ce48be33320024801a1c4cb0e0", "84f2800218561f105bccd3a1642904b251ccc1228beb80a82370a8637000"] },
    };

    private static readonly string[] PlainCases = ["80F22002", "80ca006600", "80F220020a4f0212345c054f9f70c5", "80f28002024f0000"];

    [Theory]
    [MemberData(nameof(PySimScp03))]
    public void Pysim_scp03_session_reproduces(string name, string[] keyHex, string initializeUpdate, string cardAnswer, string externalAuthenticate,
        string getEid, string getEidAnswer, string[] cases)
    {
        Assert.NotEmpty(name);
        using var keys = new StaticKeys(Hex.Parse(keyHex[0]), Hex.Parse(keyHex[1]), Hex.Parse(keyHex[2]));
        var update = CommandApdu.Parse(initializeUpdate);
        var hostChallenge = update.Data!.ToArray();
        Assert.Equal(initializeUpdate, new CommandApdu(0x80, 0x50, update.P1, 0x00, hostChallenge, le: 0).Bytes!.Hex, ignoreCase: true);
        var card = InitializeUpdateResponse.Parse(Hex.Parse(cardAnswer));
        var level = (SecurityLevel)CommandApdu.Parse(externalAuthenticate).P1;
        var (authenticate, channel) = PcscTools.SecureChannel.SecureChannel.Prepare(keys, card, hostChallenge, level);
        using (channel)
        {
            Assert.Equal(externalAuthenticate, authenticate.Bytes!.Hex, ignoreCase: true);
            Assert.Equal(getEid, channel.Wrap(CommandApdu.Parse("80E2910006BF3E035C015A00")).Bytes!.Hex, ignoreCase: true);
            var answer = Hex.Parse(getEidAnswer);
            Assert.Equal("BF3E125A1089882119900000000000000000000005", channel.Unwrap(new HexBytes(answer), 0x90, 0x00).Hex);
            for (var i = 0; i < PlainCases.Length; i++)
            {
                Assert.Equal(cases[i], channel.Wrap(CommandApdu.Parse(PlainCases[i])).Bytes!.Hex, ignoreCase: true);
            }
        }
    }

    // osmocom/pysim, tests/unittests/test_globalplatform.py, SCP02_Test: keys KIC/KID/KIK, asked for KVN 20, the card answers KVN 70.
    [Fact]
    public void Pysim_scp02_session_reproduces()
    {
        using var keys = new StaticKeys(Hex.Parse("100102030405060708090a0b0c0d0e0f"), Hex.Parse("101102030405060708090a0b0c0d0e0f"), Hex.Parse("102102030405060708090a0b0c0d0e0f"));
        var hostChallenge = Hex.Parse("40A62C37FA6304F8");
        Assert.Equal("805020000840A62C37FA6304F800", new CommandApdu(0x80, 0x50, 0x20, 0x00, hostChallenge, le: 0).Bytes!.Hex);
        var card = InitializeUpdateResponse.Parse(Hex.Parse("00000000000000000000700200016B4524ABEE7CF32EA3838BC148F3"));
        Assert.Equal(SecureChannelProtocol.Scp02, card.Protocol);
        Assert.Equal(0x70, card.KeyVersion);
        var (authenticate, channel) = PcscTools.SecureChannel.SecureChannel.Prepare(keys, card, hostChallenge, SecurityLevel.CMac);
        using (channel)
        {
            Assert.Equal("8482010010BA6961667737C5BCEBECE14C7D6A4376", authenticate.Bytes!.Hex);
            string[] expected = ["84F220020814DB34FA4341DCA8", "84CA00660855ED7C5FF069512B00", "84F22002124F0212345C054F9F70C58FC1B380C4228AF8", "84F280020A4F003B95F09317DE6A4E00"];
            for (var i = 0; i < PlainCases.Length; i++)
            {
                Assert.Equal(expected[i], channel.Wrap(CommandApdu.Parse(PlainCases[i])).Bytes!.Hex);
            }
        }
    }

    // osmocom/pysim, tests/unittests/test_globalplatform.py, SCP02_Auth_Test.test_mutual_auth_fail_card_cryptogram: the last byte changed.
    [Fact]
    public void A_wrong_card_cryptogram_is_refused_before_external_authenticate_is_built()
    {
        using var keys = new StaticKeys(Hex.Parse("100102030405060708090a0b0c0d0e0f"), Hex.Parse("101102030405060708090a0b0c0d0e0f"), Hex.Parse("102102030405060708090a0b0c0d0e0f"));
        var card = InitializeUpdateResponse.Parse(Hex.Parse("00000000000000000000700200016B4524ABEE7CF32EA3838BC148FF"));
        var e = Assert.Throws<SecureChannelException>(() => PcscTools.SecureChannel.SecureChannel.Prepare(keys, card, Hex.Parse("40A62C37FA6304F8"), SecurityLevel.CMac));
        Assert.Equal(SecureChannelFailure.CardCryptogramMismatch, e.Failure);
    }

    // martinpaljak/GlobalPlatformPro, library/src/test/java/pro/javacard/gp/TestSCP03.java, testKDF3: an AES-256 master key diversified with KDF3.
    [Fact]
    public void GlobalPlatformPro_kdf3_diversification_reproduces()
    {
        using var master = new StaticKeys(Hex.Parse("8C72C72CF908411653018807950D82FBAD947562F0828A0B10B8B9606ABF3BCD"));
        using var card = master.Diversify(KeyDiversification.Kdf3, Hex.Parse("D9B1DE5D0362DEDCE4FB"));
        Assert.Equal("9AAC5D0B3601F89438A0D9D0B6B256CFB47E6462DFA5228D3420C4AC7C224781", Hex.Format(card.Enc, ""));
    }

    // kaoh/globalplatform, globalplatform/src/scp03Test.c: sessions recorded with static keys F995…, 5856…, 0A02…
    // (AES-128, i=70, C-MAC + C-DECRYPTION) and DE2A… (AES-192, i=10), each with the commands that followed.
    private static readonly string[] KaohKeys = ["F995D0A069335C7DF42E590317FFEA6D", "58563362EC5A4541ABCD32B34B1EAE7D", "0A02A6D687406DCFA09DC70B3EDB7E38"];
    private const string KaohAes192 = "DE2A3629CBC24E8D8869E82C8B4C0D874D88166B6F8A1C12";

    public static TheoryData<string, string[], string, string, string, string[], string[]> KaohScp03 => new()
    {
        { "mutual_auth", KaohKeys, "9BD6BF878FB8E991", "000000000000000000003003703C80C2CC87EB3A35E4EDBA35E629C33600001E", "848203001023EBFEDC579D22CDCDB6A25A5FF7891F", [], [] },
        { "delete_application", KaohKeys, "B2BDE1A2DC66BD56", "00000000000000000000300370C40932A6FEFEAEB2E127185170F45FCA000015", "848203001059D54D932423D29F6313C970875F8C2F",
            ["80E400800A4F08A00100015141434C"], ["84E400801829F06AEC3180B3EFE91FF662310B945DE0D5FE66AD67A5B6"] },
        { "get_status", KaohKeys, "A6D40AEC55FE7986", "00000000000000000000300370B6E362D0F90F8101C34B7B21A7455320000025", "84820300103D958B36BB38AE5896A559345F81471A",
            ["80F24002024F0000"], ["84F2400218D18C9A7BB2B1B1C7ED1B24E1B1307CB9D71A66ABC55CBC3A00"] },
        { "get_status_enc_mac", KaohKeys, "DA2390D378D94B0A", "00000000000000000000300370A7EFE2BFDB3A27A6EAE3FF0EA0D17524000085", "8482030010953EEC5B4A81BF393ADC2ADFD638827A",
            ["80F22002024F0000", "80F24002024F0000", "80F28002024F0000", "80F21002024F0000"],
            ["84F2200218705C4D16C7BAC5496AEE0ED9963222455472F3CFAC97BCCA00", "84F240021834AF0FEDDAE7C07308600587E1B1E6EC87811520D9A6AAAD00",
             "84F28002188D6CFE9EB359EACB9594D8EC161E45C10ED0138E34A10BF300", "84F21002183D98B6DE9CBF3905EAE4FAF5E141C58DAB7013D1076745C700"] },
        { "get_status_aes_192", [KaohAes192, KaohAes192, KaohAes192], "4157115CAD7D2FE7", "00008301A8186727A822020310726B1E22EED4F4BBAB21001BFD4B6F02000012", "84820300109B126D1B1557297F3C06766CA9ACBD27",
            ["80F22002024F0000"], ["84F2200218110C222888859059700E5D42AD65F41299B0BFFC03BF79A800"] },
    };

    [Theory]
    [MemberData(nameof(KaohScp03))]
    public void Kaoh_globalplatform_scp03_session_reproduces(string name, string[] keyHex, string hostChallenge, string cardAnswer, string externalAuthenticate, string[] plain, string[] wrapped)
    {
        Assert.NotEmpty(name);
        using var keys = new StaticKeys(Hex.Parse(keyHex[0]), Hex.Parse(keyHex[1]), Hex.Parse(keyHex[2]));
        var card = InitializeUpdateResponse.Parse(Hex.Parse(cardAnswer));
        var (authenticate, channel) = PcscTools.SecureChannel.SecureChannel.Prepare(keys, card, Hex.Parse(hostChallenge), SecurityLevel.CMac | SecurityLevel.CDecryption);
        using (channel)
        {
            Assert.Equal(externalAuthenticate, authenticate.Bytes!.Hex);
            for (var i = 0; i < plain.Length; i++)
            {
                Assert.Equal(wrapped[i], channel.Wrap(CommandApdu.Parse(plain[i])).Bytes!.Hex, ignoreCase: true);
            }
        }
    }

    // kaoh/globalplatform, globalplatform/src/scp02Test.c: SCP02 i=15 sessions recorded with the default keys 40..4F (key
    // version 01, sequence counter 069F): get_status_mac_only (line 53, C-MAC) and install_mac_enc (line 117, C-MAC +
    // C-DECRYPTION; its first two commands, DELETE of D0D1D2D3D4D50101 and of D0D1D2D3D4D501, both with related objects).
    public static TheoryData<SecurityLevel, string, string, string, string[], string[]> KaohScp02 => new()
    {
        { SecurityLevel.CMac, "D5AD539A60CA5E72", "000074746E6E6E6262620102069FAA2A0591E73367DD78794D04315E", "84820100107C799B3C771DBAE6BEF49310977617BA",
            ["80F22002024F0000"], ["84F220020A4F00BB6E71C0EFCFCF0D00"] },
        { SecurityLevel.CMac | SecurityLevel.CDecryption, "EBAA9E53C696281B", "000074746E6E6E626262010206A15086BBEE58F467149061DA4B6EAE", "848203001005814C116071EB67D8BA9D9879454564",
            ["80E400800A4F08D0D1D2D3D4D5010100", "80E40080094F07D0D1D2D3D4D50100"],
            ["84E4008018BC146FA0403BE4BAD3BC089E4ABD8674DA7EFEA21047B85800", "84E4008018C2748C1669FAFC0E20C5253680388A4A49C9A6038D77B45700"] },
    };

    [Theory]
    [MemberData(nameof(KaohScp02))]
    public void Kaoh_globalplatform_scp02_session_reproduces(SecurityLevel level, string hostChallenge, string cardAnswer, string externalAuthenticate, string[] plain, string[] wrapped)
    {
        using var keys = StaticKeys.CreateTestKeys();
        var card = InitializeUpdateResponse.Parse(Hex.Parse(cardAnswer));
        Assert.Equal(SecureChannelProtocol.Scp02, card.Protocol);
        var (authenticate, channel) = PcscTools.SecureChannel.SecureChannel.Prepare(keys, card, Hex.Parse(hostChallenge), level);
        using (channel)
        {
            Assert.Equal(externalAuthenticate, authenticate.Bytes!.Hex);
            for (var i = 0; i < plain.Length; i++)
            {
                Assert.Equal(wrapped[i], channel.Wrap(CommandApdu.Parse(plain[i])).Bytes!.Hex);
            }
        }
    }

    // ievkh/scll-rust, crates/scll-backend-rustcrypto/tests/scp03_kat.rs (flow_s16_level_33/13/03, lines 233-270; inputs at
    // lines 50-58): S16 sessions (Amendment D v1.2) with the GlobalPlatform test keys 40..4F, host challenge 00..0F, card
    // challenge 10..1F, computed by that project's own pyca reference (tests/vectors/scp03_ref.py). The card cryptogram
    // 1F3975EB… comes from cryptograms_match_reference_s16 (line 95). The INITIALIZE UPDATE answer around it is assembled here:
    // zero diversification data, key version 30, i=68: R-MAC, R-ENCRYPTION and S16 as scll announces it (bit 08, where
    // GlobalPlatformPro reads bit 01; the answer's length tells S16 either way).
    public static TheoryData<SecurityLevel, string, string, string> ScllS16 => new()
    {
        { SecurityLevel.CMac | SecurityLevel.CDecryption | SecurityLevel.RMac | SecurityLevel.REncryption,
            "8482330020313082b4105ae33d7c2d323a1e5cd6ff782dcbe5bc45c062f64cd61937e03100",
            "84e60000207741688c2836b029a8ed938260cc067f4f45621753c5a9317efb316696ffd61d",
            "e3fcd252c046a09e8e174c4a882615a02cf1558988ff0f3044de83ca334829fb9000" },
        { SecurityLevel.CMac | SecurityLevel.CDecryption | SecurityLevel.RMac,
            "8482130020313082b4105ae33d7c2d323a1e5cd6ff343b84121805124b821d0fc05ccbfacd",
            "84e60000207741688c2836b029a8ed938260cc067fcad223bb9f79fb7e5062345977e964ce",
            "00a40400af04b29a8600f9a6589499aaac528ab89000" },
        { SecurityLevel.CMac | SecurityLevel.CDecryption,
            "8482030020313082b4105ae33d7c2d323a1e5cd6ff5d033e49191b0298aa603187ad0c3582",
            "84e60000207741688c2836b029a8ed938260cc067f1214bb4b5af022c24988e42cda8f49dd",
            "00a404009000" },
    };

    [Theory]
    [MemberData(nameof(ScllS16))]
    public void Scll_scp03_s16_session_reproduces(SecurityLevel level, string externalAuthenticate, string wrapped, string answer)
    {
        using var keys = StaticKeys.CreateTestKeys();
        var hostChallenge = Hex.Parse("000102030405060708090A0B0C0D0E0F");
        var card = InitializeUpdateResponse.Parse(Hex.Parse(
            "00000000000000000000" + "300368" + "101112131415161718191A1B1C1D1E1F" + "1F3975EB7C6D743F38BB5842328732A1"));
        Assert.True(card.S16);
        var (authenticate, channel) = PcscTools.SecureChannel.SecureChannel.Prepare(keys, card, hostChallenge, level);
        using (channel)
        {
            Assert.Equal(externalAuthenticate, authenticate.Bytes!.Hex, ignoreCase: true);
            Assert.Equal(wrapped, channel.Wrap(CommandApdu.Parse("80E60000050102030405")).Bytes!.Hex, ignoreCase: true);
            var raw = Hex.Parse(answer);
            Assert.Equal("00 A4 04 00", channel.Unwrap(new HexBytes(raw[..^2]), raw[^2], raw[^1]).ToString());
        }
    }

    // scp03_kat.rs, pseudo_card_challenge_matches_reference (line 124): the pseudo-random card challenge for sequence counter
    // 000001 and the AID A000000151000000, S8 and S16. The S8 value is also the card challenge that a real card sent with the
    // test keys in martinpaljak/GlobalPlatformPro issue #98 (i=10).
    [Theory]
    [InlineData(8, "86C8BD65FA1044EE")]
    [InlineData(16, "6924434C956736C8EE6122E8A3FC612F")]
    public void Scll_pseudo_random_card_challenge_reproduces(int length, string expected)
    {
        using var keys = StaticKeys.CreateTestKeys();
        Assert.Equal(expected, Hex.Format(Scp03SessionKeys.PseudoRandomCardChallenge(keys, [0x00, 0x00, 0x01], Hex.Parse("A000000151000000"), length), ""));
    }

    // ievkh/scll-rust, crates/scll-backend-rustcrypto/tests/scp02_kat.rs: SCP02 i=55 with the test keys 40..4F, host challenge
    // 00..07, sequence counter 0001, card challenge 08..0D (lines 60-67); card cryptogram 9D8DA672… (cryptograms_match_reference,
    // line 81). The answer to INITIALIZE UPDATE is assembled around those (zero diversification data, key version 20).
    private const string ScllScp02Answer = "00000000000000000000" + "2002" + "0001" + "08090A0B0C0D" + "9D8DA672F05C4E45";

    private static (CommandApdu ExternalAuthenticate, IProtocolChannel Channel) ScllScp02(SecurityLevel level)
    {
        using var keys = StaticKeys.CreateTestKeys();
        return PcscTools.SecureChannel.SecureChannel.Prepare(keys, InitializeUpdateResponse.Parse(Hex.Parse(ScllScp02Answer)), Hex.Parse("0001020304050607"), level);
    }

    // scp02_kat.rs, flow_level_03_cmac_cdec (line 118) and flow_level_01_cmac_only (line 136): C-MAC with ICV encryption, C-DECRYPTION.
    [Fact]
    public void Scll_scp02_session_with_command_decryption_reproduces()
    {
        var (authenticate, channel) = ScllScp02(SecurityLevel.CMac | SecurityLevel.CDecryption);
        using (channel)
        {
            Assert.Equal("8482030010E87E4C9E45C47F7937BA873E0E37B968", authenticate.Bytes!.Hex);
            Assert.Equal("84E60000106614336AF48EC608A398D78A712FC7A1", channel.Wrap(CommandApdu.Parse("80E60000050102030405")).Bytes!.Hex);
            Assert.Equal("84E800001046C90C13F2F9216F53DE2ADCE0E27621", channel.Wrap(CommandApdu.Parse("80E80000020102")).Bytes!.Hex);
        }
        (authenticate, channel) = ScllScp02(SecurityLevel.CMac);
        using (channel)
        {
            Assert.Equal("8482010010E87E4C9E45C47F79AD804734CE044FFC", authenticate.Bytes!.Hex);
            Assert.Equal("84E600000D0102030405C846BEA70DDCD2D8", channel.Wrap(CommandApdu.Parse("80E60000050102030405")).Bytes!.Hex);
        }
    }

    // scp02_kat.rs, unwrap_rmac_level_13_verifies_and_strips (line 193) and unwrap_rmac_case1_command_carries_lc_zero (line 215):
    // R-MAC at security level 13. The first R-MAC chains from EXTERNAL AUTHENTICATE's C-MAC, as kaoh/globalplatform does too
    // (globalplatform/src/scp.c, scp02_prepare_external_authentication: lastR_MAC = the EXTERNAL AUTHENTICATE MAC).
    [Theory]
    [InlineData("80CA006E00", "9F7F2A4100B1377A5F0D699000")]
    [InlineData("80CA0066", "9F7F2A9F4939A75D4081049000")]
    public void Scll_scp02_r_mac_session_reproduces(string plain, string answer)
    {
        var (_, channel) = ScllScp02(SecurityLevel.CMac | SecurityLevel.CDecryption | SecurityLevel.RMac);
        using (channel)
        {
            channel.Wrap(CommandApdu.Parse(plain));
            var raw = Hex.Parse(answer);
            Assert.Equal("9F 7F 2A", channel.Unwrap(new HexBytes(raw[..^2]), raw[^2], raw[^1]).ToString());
        }
    }

    // scp02_kat.rs, hardware_vector_jcop_p71_scp02 (line 273): a session with an NXP JCOP 4 P71 (SCP02 i=55) captured with
    // GlobalPlatformPro (gp -l -d): the card's cryptogram and the EXTERNAL AUTHENTICATE it accepted with 9000. The capture
    // publishes no diversification data or key version: zeros and FF stand in (neither enters the computation).
    [Fact]
    public void Scll_jcop_p71_scp02_card_session_reproduces()
    {
        using var keys = new StaticKeys(Hex.Parse("90379A3E7116D455E55F9398736A01CA"), Hex.Parse("473F36161A7F7F60CC3A766EA4BE5247"), Hex.Parse("D3749ED4FF42FD58B39EEB562B017CD9"));
        var card = InitializeUpdateResponse.Parse(Hex.Parse("00000000000000000000" + "FF02" + "001C" + "3A58BF1253D5" + "BC5D5979580A581F"));
        var (authenticate, channel) = PcscTools.SecureChannel.SecureChannel.Prepare(keys, card, Hex.Parse("2572AE5C04A7C329"), SecurityLevel.CMac);
        using (channel)
        {
            Assert.Equal("8482010010079F403962F6CA28D06BD84078D9E3C2", authenticate.Bytes!.Hex);
        }
    }
}
