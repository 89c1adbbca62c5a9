using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.SecureChannel;
using PcscTools.Sessions;
using PcscTools.Simulator.VirtualCard;
using PcscTools.Tests.Integration;
using Channel = PcscTools.SecureChannel.SecureChannel;

namespace PcscTools.Tests.SecureChannel;

/// <summary>Channels opened through libpcsclite → pcscd → vpcd to the virtual card's security domain, and what they must refuse.</summary>
[Collection(RealStackCollection.Name)]
public sealed class SecureChannelSessionTests(SimulatorFixture stack)
{
    /// <summary>What a card with a GlobalPlatform issuer security domain answers to SELECT without AID: an FCI naming it (tag 84).</summary>
    private const string IsdFci = "6F 10 84 08 A0 00 00 01 51 00 00 00 A5 04 9F 65 01 FF 90 00";

    private const SecurityLevel Full = SecurityLevel.CMac | SecurityLevel.CDecryption | SecurityLevel.RMac;

    private static VirtualCard IsdCard(HexBytes? atr = null) => new VirtualCard(atr)
        .Respond("00 A4 04 00 00", IsdFci)
        .Respond("80 CA 00 66 *", "66 0A 73 08 06 06 2A 86 48 86 FC 6B 90 00");

    private static SecureChannelOptions Options(SecurityLevel level = Full) => new() { Keys = StaticKeys.CreateTestKeys(), SecurityLevel = level };

    [Fact]
    public void An_scp03_channel_wraps_commands_and_shows_them_plain()
    {
        stack.WithSession(IsdCard(), (session, card) =>
        {
            var channel = Channel.Open(session, Options());
            Assert.Equal(SecureChannelProtocol.Scp03, channel.Protocol);
            Assert.Equal("A0 00 00 01 51 00 00 00", channel.SecurityDomain.ToString());
            Assert.True(card.IsSecureChannelAuthenticated);
            Assert.Equal(Full, card.SecureMessaging.SecurityLevel);
            var response = session.Transmit(CommandApdu.Parse("80 CA 00 66 00"));
            Assert.Equal("9000", response.StatusWord);
            Assert.Equal("66 0A 73 08 06 06 2A 86 48 86 FC 6B", response.Data.ToString());
            Assert.Equal("80 CA 00 66 00", response.Command.ToString());
            var wire = Assert.Single(response.Exchanges);
            Assert.StartsWith("84 CA 00 66 08", wire.Command.ToString());
            Assert.Equal(12 + 8 + 2, wire.Response.Length);
        });
    }

    [Fact]
    public void The_security_domain_is_found_by_the_fci_df_name_after_two_byte_tags_and_a_long_length_form()
    {
        // Tag 84 after a two-byte tag, in a template with a two-byte length: the DF name comes from the BER-TLV parser,
        // so no SELECT of a well-known AID follows the SELECT without AID.
        var card = new VirtualCard()
            .Respond("00 A4 04 00 00", "6F 81 14 9F 65 01 FF 84 08 A0 00 00 01 51 00 00 00 A5 04 9F 6E 01 00 90 00");
        stack.WithSession(card, (session, _) =>
        {
            var channel = Channel.Open(session, Options());
            Assert.Equal("A0 00 00 01 51 00 00 00", channel.SecurityDomain.ToString());
            Assert.Equal(["00 A4 04 00 00", "80 50"], card.ReceivedCommands.Take(2).Select((c, i) => i == 0 ? c.ToString() : c.ToString()[..5]));
        });
    }

    [Fact]
    public void Blocks_inside_a_channel_leave_room_for_padding_and_the_mac_so_each_wrapped_one_stays_short()
    {
        // The card's own security domain answers the SELECT (not a scripted FCI), so it takes STORE DATA.
        stack.WithSession(new VirtualCard(), (session, card) =>
        {
            Assert.Equal(255, session.MaxBlockLength);
            Channel.Open(session, Options(SecurityLevel.CMac | SecurityLevel.RMac));
            Assert.Equal(247, session.MaxBlockLength);
            Channel.Open(session, Options());
            // C-DECRYPTION pads 239 bytes to 240, then the 8-byte MAC: 248.
            Assert.Equal(239, session.MaxBlockLength);
            var opened = card.ReceivedCommands.Count;

            var data = Enumerable.Range(0, 600).Select(i => (byte)i).ToArray();
            foreach (var block in StoreDataBlocks.Split(data, 0x00, session.MaxBlockLength))
            {
                Assert.Equal("9000", session.Transmit(block).StatusWord);
            }
            Assert.Equal(data, card.GlobalPlatform.StoredData("A000000151000000").ToArray());

            // Chaining splits by the session's room too: 300 bytes of UPDATE BINARY go as 239 + 61, each wrapped short.
            Assert.Equal("9000", session.Transmit(CommandApdu.Parse("00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53")).StatusWord);
            Assert.Equal("9000", session.Transmit(CommandApdu.Parse("00 A4 02 0C 02 01 02")).StatusWord);
            var update = new CommandApdu(0x00, 0xD6, 0x00, 0x00, new byte[300]);
            var chained = session.Transmit(update, ApduOptions.Default with { Chaining = true });
            Assert.Equal("9000", chained.StatusWord);
            Assert.Equal(2, chained.Exchanges.Count);
            var wire = card.ReceivedCommands.Skip(opened).ToArray();
            Assert.All(wire, c => Assert.True(c.Length <= 5 + 255 + 1 && c[4] != 0x00, $"{c} is not a short APDU"));
            Assert.Equal(["14 D6", "04 D6"], wire[^2..].Select(c => c.ToString()[..5]));
            Assert.Equal(240 + 8, wire[^2][4]);
        });
    }

    [Fact]
    public void Follow_ups_work_inside_the_channel()
    {
        // The card answers long data with 61xx, and a wrong Le with 6Cxx: both followed up inside the channel.
        var card = IsdCard();
        card.ChainResponses = true;
        stack.WithSession(card, (session, _) =>
        {
            Channel.Open(session, Options(SecurityLevel.CMac | SecurityLevel.CDecryption | SecurityLevel.RMac | SecurityLevel.REncryption));
            Assert.Equal("9000", session.Transmit(CommandApdu.Parse("00 A4 00 0C 02 2F 00")).StatusWord);
            var read = session.Transmit(CommandApdu.Parse("00 B0 00 00 00"));
            Assert.Equal("61 0E 4F 0A F0 50 43 53 43 54 4F 4F 4C 53 50 00", read.Data.ToString());
            Assert.Equal("00 C0 00 00", read.Exchanges[^1].Command.ToString()[..11]);
            card.ChainResponses = false;
            card.StrictLe = true;
            var resent = session.Transmit(CommandApdu.Parse("00 B0 00 00 05"));
            Assert.Equal("61 0E 4F 0A F0 50 43 53 43 54 4F 4F 4C 53 50 00", resent.Data.ToString());
            Assert.StartsWith("6C", resent.Exchanges[0].StatusWord);
            // The card's Le counts the protected answer; the channel's counters stayed in step across the re-send.
            card.StrictLe = false;
            Assert.Equal("9000", session.Transmit(CommandApdu.Parse("00 B0 00 00 00")).StatusWord);
        });
    }

    [Fact]
    public void A_t0_channel_sends_secured_case_4_commands_without_le()
    {
        stack.WithSession(IsdCard(new HexBytes("3B 02 14 50")), (session, _) =>
        {
            Channel.Open(session, Options());
            var response = session.Transmit(CommandApdu.Parse("80 CA 00 66 00"));
            Assert.Equal("66 0A 73 08 06 06 2A 86 48 86 FC 6B", response.Data.ToString());
            Assert.Equal(5 + 8, response.Exchanges[0].Command.Length);
        });
    }

    public static TheoryData<SecurityLevel, int> T0Levels => new()
    {
        // R-MAC: the 42 CPLC bytes in their 9F7F template (45), then the 8-byte R-MAC.
        { SecurityLevel.CMac | SecurityLevel.RMac, 45 + 8 },
        // R-ENCRYPTION pads the 45 bytes to 48 before the R-MAC.
        { SecurityLevel.CMac | SecurityLevel.CDecryption | SecurityLevel.RMac | SecurityLevel.REncryption, 48 + 8 },
    };

    [Theory]
    [MemberData(nameof(T0Levels))]
    public void On_t0_a_secured_case_4_command_gets_its_answer_through_61xx_and_get_response(SecurityLevel level, int protectedLength)
    {
        // 3B 02 14 50 offers only T=0: the host sends the secured case-4 command without Le, and the card, like a real T=0
        // card, answers 61xx and hands its (protected) answer out with GET RESPONSE.
        stack.WithSession(new VirtualCard(new HexBytes("3B 02 14 50")), (session, card) =>
        {
            Channel.Open(session, Options(level));
            var response = session.Transmit(CommandApdu.Parse("80 CA 9F 7F 00"));
            Assert.Equal("9000", response.StatusWord);
            Assert.Equal("80 CA 9F 7F 00", response.Command.ToString());
            Assert.Equal("9F 7F 2A " + card.GlobalPlatform.Cplc, response.Data.ToString());
            Assert.Equal(2, response.Exchanges.Count);
            Assert.Equal(5 + 8, response.Exchanges[0].Command.Length);
            Assert.StartsWith("84 CA 9F 7F 08", response.Exchanges[0].Command.ToString());
            Assert.Equal($"61 {protectedLength:X2}", response.Exchanges[0].Response.ToString());
            Assert.Equal($"00 C0 00 00 {protectedLength:X2}", response.Exchanges[1].Command.ToString());
            Assert.Equal(protectedLength + 2, response.Exchanges[1].Response.Length);
            // The channel's counters stayed in step across the follow-up: the next commands verify too. READ BINARY, a case-2
            // command that the C-MAC makes case 4, reads the whole file as if its Le 00 had reached the card.
            Assert.Equal("9000", session.Transmit(CommandApdu.Parse("00 A4 00 0C 02 2F 00")).StatusWord);
            var read = session.Transmit(CommandApdu.Parse("00 B0 00 00 00"));
            Assert.Equal("9000", read.StatusWord);
            Assert.Equal("61 0E 4F 0A F0 50 43 53 43 54 4F 4F 4C 53 50 00", read.Data.ToString());
            Assert.Equal("00 C0 00 00", read.Exchanges[^1].Command.ToString()[..11]);
        });
    }

    [Fact]
    public void Scp02_and_s16_and_aes256_channels_open_on_a_card_set_up_for_them()
    {
        var scp02 = IsdCard();
        scp02.SecureMessaging.Protocol = SecureChannelProtocol.Scp02;
        scp02.SecureMessaging.KeyVersion = 0x20;
        stack.WithSession(scp02, (session, _) =>
        {
            var channel = Channel.Open(session, Options(SecurityLevel.CMac | SecurityLevel.CDecryption | SecurityLevel.RMac));
            Assert.Equal(SecureChannelProtocol.Scp02, channel.Protocol);
            Assert.Equal(0x20, channel.KeyVersion);
            Assert.Equal(239, session.MaxBlockLength); // 3DES padding to 240, then an 8-byte MAC
            Assert.Equal("66 0A 73 08 06 06 2A 86 48 86 FC 6B", session.Transmit(CommandApdu.Parse("80 CA 00 66 00")).Data.ToString());
            Assert.Equal("9000", session.Transmit(CommandApdu.Parse("00 A4 00 0C 02 2F 00")).StatusWord);
        });
        var s16 = IsdCard();
        var key = Hex.Parse("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
        s16.SecureMessaging.Parameter = 0x71;
        s16.SecureMessaging.Keys = new StaticKeys(key);
        stack.WithSession(s16, (session, _) =>
        {
            var channel = Channel.Open(session, Options() with { Keys = new StaticKeys(key), S16 = true });
            Assert.True(channel.S16);
            Assert.Equal(223, session.MaxBlockLength); // AES padding to 224, then a 16-byte MAC
            var response = session.Transmit(CommandApdu.Parse("80 CA 00 66 00"));
            Assert.Equal(12 + 16 + 2, response.Exchanges[0].Response.Length);
            Assert.Equal(5 + 16 + 1, response.Exchanges[0].Command.Length);
        });
    }

    [Fact]
    public void An_s16_card_refusing_an_8_byte_host_challenge_points_to_s16()
    {
        var card = IsdCard();
        card.SecureMessaging.Parameter = 0x71;
        stack.WithSession(card, (session, _) =>
        {
            var error = Assert.Throws<SecureChannelException>(() => Channel.Open(session, Options()));
            Assert.Equal(SecureChannelFailure.InitializeUpdateRefused, error.Failure);
            Assert.Contains("6700", error.Message);
            Assert.Contains("-S16", error.Message);
            Assert.True(Channel.Open(session, Options() with { S16 = true }).S16);
        });
    }

    [Fact]
    public void A_wrong_key_stops_before_external_authenticate()
    {
        stack.WithSession(IsdCard(), (session, card) =>
        {
            var wrong = Options() with { Keys = new StaticKeys(Hex.Parse("404142434445464748494A4B4C4D4E40")) };
            var error = Assert.Throws<SecureChannelException>(() => Channel.Open(session, wrong));
            Assert.Equal(SecureChannelFailure.CardCryptogramMismatch, error.Failure);
            Assert.DoesNotContain(card.ReceivedCommands, c => c[1] == 0x82);
            Assert.Equal(0x50, card.ReceivedCommands[^1][1]);
            Assert.Null(session.SecureMessaging);
        });
    }

    [Fact]
    public void A_tampered_response_is_rejected_and_closes_the_channel()
    {
        var card = IsdCard().Replay("84 CA 00 66 *", "66 0A 73 08 06 06 2A 86 48 86 FC 6B 01 02 03 04 05 06 07 08 90 00");
        stack.WithSession(card, (session, _) =>
        {
            var channel = Channel.Open(session, Options());
            var error = Assert.Throws<SecureChannelException>(() => session.Transmit(CommandApdu.Parse("80 CA 00 66 00")));
            Assert.Equal(SecureChannelFailure.ResponseRejected, error.Failure);
            Assert.False(channel.IsOpen);
            Assert.Null(session.SecureMessaging);
            Assert.Throws<SecureChannelException>(() => channel.Wrap(CommandApdu.Parse("80 CA 00 66 00")));
        });
    }

    [Fact]
    public void Closing_the_session_closes_the_channel()
    {
        stack.WithSession(IsdCard(), (session, _) =>
        {
            var channel = Channel.Open(session, Options());
            session.Close();
            Assert.False(channel.IsOpen);
        });
    }

    [Fact]
    public void A_reset_or_a_new_channel_ends_the_old_one()
    {
        stack.WithSession(IsdCard(), (session, _) =>
        {
            var first = Channel.Open(session, Options());
            var second = Channel.Open(session, Options());
            Assert.False(first.IsOpen);
            Assert.Same(second, session.SecureMessaging);
            session.Reconnect(PcscTools.Cards.CardDisposition.Reset);
            Assert.False(second.IsOpen);
            Assert.Null(session.SecureMessaging);
            Assert.Equal("9000", session.Transmit(CommandApdu.Parse("00 A4 00 0C 02 2F 00")).StatusWord);
        });
    }
}
