using PcscTools.Bytes;
using PcscTools.Cards;
using PcscTools.Contexts;
using PcscTools.Errors;
using PcscTools.Interop;
using PcscTools.Tests.Integration;

namespace PcscTools.Tests.Faults;

/// <summary>Cards that go away, are held by someone else, or answer slowly, on the real stack.</summary>
[Collection(RealStackCollection.Name)]
public sealed class CardFaultTests(SimulatorFixture stack) : IDisposable
{
    public void Dispose() => StackRecovery.Recover(stack);

    [Fact]
    public void A_card_removed_inside_a_transaction_fails_every_later_call_with_removed_card_and_leaves_the_reader_usable()
    {
        stack.Simulator.InsertCard(stack.FirstReader);
        using var context = PcscContext.Establish();
        var connection = context.Connect(stack.FirstReader);
        connection.BeginTransaction();
        var response = new byte[258];
        connection.Transmit(TestApdus.SelectMasterFile, response);

        stack.Simulator.RemoveCard(stack.FirstReader);

        var transmit = HangGuard.Throws<PcscException>(() => connection.Transmit(TestApdus.SelectMasterFile, response), "SCardTransmit");
        Assert.Equal(PcscError.RemovedCard, transmit.Code);
        Assert.Equal(stack.FirstReader, transmit.Target);
        Assert.Equal(PcscError.RemovedCard, HangGuard.Throws<PcscException>(() => connection.EndTransaction(), "SCardEndTransaction").Code);
        Assert.Null(HangGuard.Run(connection.Dispose, "SCardDisconnect"));

        // The lock died with the card: a new card in the same reader can be connected and locked at once.
        var card = stack.Simulator.InsertCard(stack.FirstReader);
        using var again = context.Connect(stack.FirstReader, ShareMode.Exclusive);
        Assert.Null(HangGuard.Run(() => again.BeginTransaction(), "SCardBeginTransaction on the new card"));
        var length = again.Transmit(TestApdus.SelectMasterFile, response);
        Assert.Equal("90 00", Hex.Format(response.AsSpan(length - 2, 2)));
        Assert.Single(card.ReceivedCommands);
    }

    [Theory]
    [InlineData(ShareMode.Exclusive, ShareMode.Shared)]
    [InlineData(ShareMode.Exclusive, ShareMode.Exclusive)]
    [InlineData(ShareMode.Shared, ShareMode.Exclusive)]
    public void A_second_client_is_refused_with_a_sharing_violation_until_the_holder_lets_go(ShareMode holderMode, ShareMode contenderMode)
    {
        stack.Simulator.InsertCard(stack.FirstReader);
        // pcscd arbitrates per context, not per process: two contexts are two clients to it.
        using var holderContext = PcscContext.Establish();
        using var contenderContext = PcscContext.Establish();
        var holder = holderContext.Connect(stack.FirstReader, holderMode);

        var refused = HangGuard.Throws<PcscException>(() => contenderContext.Connect(stack.FirstReader, contenderMode), "SCardConnect");
        Assert.Equal(PcscError.SharingViolation, refused.Code);
        Assert.Equal(stack.FirstReader, refused.Target);

        holder.Dispose();
        using var contender = contenderContext.Connect(stack.FirstReader, contenderMode);
        Assert.Equal(contenderMode, contender.ShareMode);
    }

    [Fact]
    public void A_card_that_answers_slowly_still_gives_its_own_answer()
    {
        var card = stack.Simulator.InsertCard(stack.FirstReader);
        card.Respond("80 CA 9F 7F 00", "01 02 03 90 00");
        using var context = PcscContext.Establish();
        using var connection = context.Connect(stack.FirstReader);
        card.ResponseDelay = TimeSpan.FromSeconds(1);
        var response = new byte[258];

        var length = 0;
        Assert.Null(HangGuard.Run(() => length = connection.Transmit(Hex.Parse("80 CA 9F 7F 00"), response), "a slow SCardTransmit"));

        Assert.Equal("01 02 03 90 00", Hex.Format(response.AsSpan(0, length)));
    }

    [Fact]
    public void A_card_that_never_answers_holds_the_transmit_until_it_is_removed_which_ends_it_without_a_status_word()
    {
        var card = stack.Simulator.InsertCard(stack.FirstReader);
        using var context = PcscContext.Establish();
        using var connection = context.Connect(stack.FirstReader);
        card.ResponseDelay = TimeSpan.FromHours(1);
        var response = new byte[258];
        var transmit = Task.Factory.StartNew(() => connection.Transmit(TestApdus.SelectMasterFile, response), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(() => card.ReceivedCommands.Count == 1, HangGuard.Limit), "the command never reached the card");

        stack.Simulator.RemoveCard(stack.FirstReader);

        var length = -1;
        Assert.Null(HangGuard.Run(() => length = transmit.GetAwaiter().GetResult(), "SCardTransmit to a mute card after its removal"));
        // vpcd reports the vanished card as a success that carries no bytes at all: no status word, which the APDU layer must refuse.
        Assert.Equal(0, length);
    }

    /// <summary>
    /// Emulated: vpcd's readers cannot be unplugged. Once a reader is gone, pcscd 1.9.9 finds no reader for the connection's
    /// handle and answers SCARD_E_INVALID_VALUE (RFReaderInfoById), the code of a bad argument.
    /// </summary>
    [Fact]
    public void A_reader_pcscd_no_longer_knows_emulated_is_reported_as_unavailable_not_as_a_bad_argument()
    {
        stack.Simulator.InsertCard(stack.FirstReader);
        var api = new CountingPcscApi(PcscLibrary.Current);
        using var context = PcscContext.Establish(api: api);
        using var connection = context.Connect(stack.FirstReader);
        api.CardCallsAnswer = PcscError.InvalidValue;

        var gone = Assert.Throws<PcscException>(() => connection.Transmit(TestApdus.SelectMasterFile, new byte[258]));

        Assert.Equal(PcscError.ReaderUnavailable, gone.Code);
        Assert.Equal(stack.FirstReader, gone.Target);
        Assert.Contains("unplugged or removed", gone.Message);
        Assert.Equal(PcscError.ReaderUnavailable, Assert.Throws<PcscException>(connection.Status).Code);
        Assert.Equal(PcscError.ReaderUnavailable, Assert.Throws<PcscException>(() => connection.BeginTransaction()).Code);
    }

    [Fact]
    public void An_answer_too_long_for_vpcd_becomes_wrong_length_and_the_link_stays_in_frame()
    {
        stack.Simulator.InsertCard(stack.FirstReader);
        using var context = PcscContext.Establish();
        using var connection = context.Connect(stack.FirstReader);
        var response = new byte[connection.MaxResponseLength];

        // GET CHALLENGE with an extended Le of 0: 65,536 bytes and a status word, more than a vpcd message holds.
        var length = connection.Transmit(Hex.Parse("00 84 00 00 00 00 00"), response);

        Assert.Equal("67 00", Hex.Format(response.AsSpan(0, length)));
        length = connection.Transmit(TestApdus.SelectMasterFile, response);
        Assert.Equal("90 00", Hex.Format(response.AsSpan(0, length)));
    }
}
