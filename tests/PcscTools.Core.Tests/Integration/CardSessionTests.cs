using System.Diagnostics;
using PcscTools.Apdu;
using PcscTools.Cards;
using PcscTools.Errors;
using PcscTools.Sessions;

namespace PcscTools.Tests.Integration;

[Collection(RealStackCollection.Name)]
public sealed class CardSessionTests(SimulatorFixture stack)
{
    private static readonly TimeSpan ShortWait = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void A_session_shows_reader_protocol_atr_and_is_registered_until_closed()
    {
        WithCard(() =>
        {
            var session = CardSession.Open(stack.FirstReader, owner: "test");
            Assert.Equal(stack.FirstReader, session.Reader);
            Assert.Equal(CardProtocols.T1, session.Protocol);
            Assert.Equal("3B 80 80 01 01", session.Atr.ToString());
            Assert.Contains(session, SessionRegistry.Sessions);
            SessionRegistry.CloseAll("test");
            Assert.False(session.IsOpen);
            Assert.DoesNotContain(session, SessionRegistry.Sessions);
            session.Close();
        });
    }

    [Fact]
    public void An_exclusive_session_makes_others_wait_then_fail_with_a_sharing_violation()
    {
        WithCard(() =>
        {
            using var holder = CardSession.Open(stack.FirstReader, ShareMode.Exclusive);
            var watch = Stopwatch.StartNew();
            var error = Assert.Throws<PcscException>(() => CardSession.Open(stack.FirstReader, timeout: ShortWait));
            Assert.Equal(PcscError.SharingViolation, error.Code);
            Assert.Contains("still in use after 0.3 s", error.Message);
            Assert.InRange(watch.Elapsed, ShortWait, TimeSpan.FromSeconds(5));
        });
    }

    [Fact]
    public void Another_connections_transaction_bounds_the_wait_of_transmit_and_begin_transaction()
    {
        WithCard(() =>
        {
            using var holder = CardSession.Open(stack.FirstReader);
            using var waiter = CardSession.Open(stack.FirstReader);
            holder.BeginTransaction(ShortWait);
            var transmit = Assert.Throws<PcscException>(() => waiter.Transmit(CommandApdu.Parse("00 A4 00 0C 02 3F 00"), new ApduOptions { BusyTimeout = ShortWait }));
            Assert.Equal(PcscError.SharingViolation, transmit.Code);
            var begin = Assert.Throws<PcscException>(() => waiter.BeginTransaction(ShortWait));
            Assert.Equal(PcscError.SharingViolation, begin.Code);
            holder.EndTransaction();
            Assert.Equal("9000", waiter.Transmit(CommandApdu.Parse("00 A4 00 0C 02 3F 00")).StatusWord);
        });
    }

    [Fact]
    public void A_card_reset_by_another_connection_is_reported_and_reconnect_recovers()
    {
        WithCard(() =>
        {
            using var session = CardSession.Open(stack.FirstReader);
            using (var other = CardSession.Open(stack.FirstReader))
            {
                other.Close(CardDisposition.Reset);
            }
            var error = Assert.Throws<PcscException>(() => session.Transmit(CommandApdu.Parse("00 A4 00 0C 02 3F 00")));
            Assert.Equal(PcscError.ResetCard, error.Code);
            session.Reconnect();
            Assert.Equal("9000", session.Transmit(CommandApdu.Parse("00 A4 00 0C 02 3F 00")).StatusWord);
        });
    }

    [Fact]
    public void A_removed_card_is_reported_as_such()
    {
        stack.Simulator.InsertCard(stack.FirstReader);
        using var session = CardSession.Open(stack.FirstReader);
        stack.Simulator.RemoveCard(stack.FirstReader);
        var error = Assert.Throws<PcscException>(() => session.Transmit(CommandApdu.Parse("00 A4 00 0C 02 3F 00")));
        Assert.Equal(PcscError.RemovedCard, error.Code);
    }

    [Fact]
    public void An_attribute_the_driver_lacks_is_reported_as_unsupported()
    {
        WithCard(() =>
        {
            using var session = CardSession.Open(stack.FirstReader);
            var unsupported = Assert.Throws<PcscException>(() => session.GetAttribute(ReaderAttribute.VendorName));
            Assert.Equal(PcscError.UnsupportedFeature, unsupported.Code);
        });
    }

    [Fact]
    public void The_history_keeps_only_the_last_exchanges()
    {
        WithCard(() =>
        {
            using var session = CardSession.Open(stack.FirstReader);
            var select = CommandApdu.Parse("00 A4 00 0C 02 3F 00");
            for (var i = 0; i < CardSession.HistoryLength + 5; i++)
            {
                session.Transmit(select);
            }
            Assert.Equal(CardSession.HistoryLength, session.History.Count);
        });
    }

    private void WithCard(Action test)
    {
        stack.Simulator.InsertCard(stack.FirstReader);
        try
        {
            test();
        }
        finally
        {
            stack.Simulator.RemoveCard(stack.FirstReader);
        }
    }
}
