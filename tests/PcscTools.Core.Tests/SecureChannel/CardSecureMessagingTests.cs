using PcscTools.Bytes;
using PcscTools.Simulator.VirtualCard;

namespace PcscTools.Tests.SecureChannel;

/// <summary>The virtual card's security domain, spoken to directly.</summary>
public sealed class CardSecureMessagingTests
{
    [Fact]
    public void The_card_locks_after_too_many_failed_external_authenticates()
    {
        var card = new VirtualCard();
        for (var i = 0; i < card.SecureMessaging.AuthenticationLimit; i++)
        {
            Assert.Equal("90 00", Hex.Format(card.Process(Hex.Parse("80 50 00 00 08 01 02 03 04 05 06 07 08 00")).AsSpan()[^2..]));
            Assert.Equal("63 00", Hex.Format(card.Process(Hex.Parse("84 82 01 00 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"))));
        }
        Assert.True(card.SecureMessaging.IsLocked);
        Assert.Equal("69 83", Hex.Format(card.Process(Hex.Parse("80 50 00 00 08 01 02 03 04 05 06 07 08 00"))));
    }

    [Fact]
    public void The_card_counts_sessions_and_refuses_an_unknown_key_version()
    {
        var card = new VirtualCard();
        var answer = card.Process(Hex.Parse("80 50 30 00 08 01 02 03 04 05 06 07 08 00"));
        Assert.Equal(32 + 2, answer.Length);
        Assert.Equal("00 00 01", Hex.Format(answer.AsSpan(29, 3)));
        Assert.Equal("6A 88", Hex.Format(card.Process(Hex.Parse("80 50 31 00 08 01 02 03 04 05 06 07 08 00"))));
        Assert.Equal("69 82", Hex.Format(card.Process(Hex.Parse("84 CA 00 66 08 01 02 03 04 05 06 07 08 00"))));
    }
}
