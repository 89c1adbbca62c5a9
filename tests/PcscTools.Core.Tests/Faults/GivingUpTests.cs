using System.Diagnostics;
using System.Net.Sockets;
using PcscTools.Apdu;
using PcscTools.Cards;
using PcscTools.Contexts;
using PcscTools.Errors;
using PcscTools.Sessions;
using PcscTools.Tests.Integration;
using PcscTools.Tests.Leaks;

namespace PcscTools.Tests.Faults;

/// <summary>
/// The calls pcscd holds without end, on the real stack: a transmit to a card that does not answer, and a connect while
/// another program's transaction lasts. A time limit or a cancellation gives them up, and only them.
/// </summary>
[Collection(RealStackCollection.Name)]
public sealed class GivingUpTests(SimulatorFixture stack) : IDisposable
{
    private static readonly CommandApdu SelectMasterFile = CommandApdu.Parse(TestApdus.SelectMasterFile);

    public void Dispose() => StackRecovery.Recover(stack);

    [Fact]
    public void A_card_that_never_answers_is_given_up_on_at_the_response_timeout_and_the_session_closes()
    {
        var card = stack.Simulator.InsertCard(stack.FirstReader);
        var before = ResourceSnapshot.Take(stack.Simulator.Daemon);
        var session = CardSession.Open(stack.FirstReader);
        Assert.True(session.CanGiveUp);
        card.ResponseDelay = TimeSpan.FromHours(1);
        var watch = Stopwatch.StartNew();

        var timedOut = HangGuard.Throws<PcscException>(() => session.Transmit(SelectMasterFile, new ApduOptions { ResponseTimeout = TimeSpan.FromMilliseconds(500) }), "a transmit with a response timeout");

        // Given up at its limit, not when the card answers (never) or when a busy thread pool gets round to it.
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(5));
        Assert.Equal(PcscError.Timeout, timedOut.Code);
        Assert.Equal("SCardTransmit", timedOut.Operation);
        Assert.Equal(stack.FirstReader, timedOut.Target);
        Assert.Contains("no answer within 0.5 s", timedOut.Message);
        Assert.False(session.IsOpen);
        // pcscd's side of the call is still in vpcd, waiting for the card; once the card is gone it frees the context.
        stack.Simulator.RemoveCard(stack.FirstReader);
        new LeakSlack().AssertNoLeak(before, ResourceSnapshot.Settle(stack.Simulator.Daemon, before, new LeakSlack()), cycles: 1);
    }

    [Fact]
    public void A_card_that_answers_within_the_response_timeout_gives_its_answer_and_the_session_stays_open()
    {
        var card = stack.Simulator.InsertCard(stack.FirstReader);
        using var session = CardSession.Open(stack.FirstReader);
        card.ResponseDelay = TimeSpan.FromMilliseconds(300);

        var response = session.Transmit(SelectMasterFile, new ApduOptions { ResponseTimeout = TimeSpan.FromSeconds(20) });

        Assert.Equal("9000", response.StatusWord);
        Assert.True(session.IsOpen);
        card.ResponseDelay = TimeSpan.Zero;
        Assert.Equal("9000", session.Transmit(SelectMasterFile).StatusWord);
    }

    [Fact]
    public void A_command_a_card_does_not_answer_is_given_up_on_soon_after_it_is_cancelled()
    {
        var card = stack.Simulator.InsertCard(stack.FirstReader);
        var session = CardSession.Open(stack.FirstReader);
        card.ResponseDelay = TimeSpan.FromHours(1);
        using var cancel = new CancellationTokenSource();
        var transmit = Task.Factory.StartNew(() => session.Transmit(SelectMasterFile, new ApduOptions { Cancel = cancel.Token }), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(() => card.ReceivedCommands.Count == 1, HangGuard.Limit), "the command never reached the card");

        cancel.Cancel();

        Assert.IsAssignableFrom<OperationCanceledException>(HangGuard.Run(() => transmit.GetAwaiter().GetResult(), "a cancelled transmit to a mute card"));
        Assert.False(session.IsOpen);
    }

    [Fact]
    public void A_cancellation_between_commands_leaves_the_session_as_it_was()
    {
        stack.Simulator.InsertCard(stack.FirstReader);
        using var session = CardSession.Open(stack.FirstReader);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        // A command the card answers at once, sent with a token already cancelled: the grace lets it finish.
        Assert.Equal("9000", session.Transmit(SelectMasterFile, new ApduOptions { Cancel = cancel.Token }).StatusWord);
        Assert.True(session.IsOpen);
        Assert.Equal("9000", session.Transmit(SelectMasterFile).StatusWord);
    }

    [Fact]
    public void A_connect_held_back_by_another_programs_transaction_is_given_up_after_the_wait_allowed()
    {
        stack.Simulator.InsertCard(stack.FirstReader);
        using var holder = CardSession.Open(stack.FirstReader);
        holder.BeginTransaction(TimeSpan.Zero);
        var before = ResourceSnapshot.Take(stack.Simulator.Daemon);
        var watch = Stopwatch.StartNew();

        var refused = HangGuard.Throws<PcscException>(() => CardSession.Open(stack.FirstReader, timeout: TimeSpan.FromSeconds(3)), "a connect while a transaction is held");

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(10));
        Assert.Equal(PcscError.SharingViolation, refused.Code);
        Assert.Equal("SCardConnect", refused.Operation);
        Assert.Contains("after 3 s of waiting", refused.Message);
        holder.EndTransaction();
        new LeakSlack().AssertNoLeak(before, ResourceSnapshot.Settle(stack.Simulator.Daemon, before, new LeakSlack()), cycles: 1);
        using var after = CardSession.Open(stack.FirstReader);
        Assert.Equal("9000", after.Transmit(SelectMasterFile).StatusWord);
    }

    [Fact]
    public void A_transaction_start_that_another_programs_transaction_holds_back_is_given_up_at_its_limit()
    {
        stack.Simulator.InsertCard(stack.FirstReader);
        using var context = PcscContext.Establish();
        // Connected before the holder's transaction begins: pcscd would hold the connect back too.
        using var waiter = context.Connect(stack.FirstReader);
        using var holder = CardSession.Open(stack.FirstReader);
        holder.BeginTransaction(TimeSpan.Zero);

        // libpcsclite retries SCardBeginTransaction every 100 ms for as long as the other transaction lasts.
        var refused = HangGuard.Throws<PcscException>(() => waiter.BeginTransaction(TimeSpan.FromMilliseconds(500)), "SCardBeginTransaction while another transaction lasts");

        Assert.Equal(PcscError.SharingViolation, refused.Code);
        Assert.Equal("SCardBeginTransaction", refused.Operation);
        Assert.Contains("after 0.5 s of waiting", refused.Message);
        Assert.True(waiter.WasInterrupted);
        holder.EndTransaction();
        Assert.Equal("9000", holder.Transmit(SelectMasterFile).StatusWord);
    }

    [Fact]
    public void A_thousand_sessions_opened_beside_threads_that_open_files_and_connect_unix_sockets_can_each_be_given_up_on()
    {
        var card = stack.Simulator.InsertCard(stack.FirstReader);
        var churning = true;
        var listenerPath = Path.Combine(Path.GetTempPath(), $"pcsctools-churn-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(listenerPath));
        listener.Listen(64);
        // Any busy thread of a host process takes and frees descriptors and sockets while a session opens.
        var churners = new[]
        {
            new Thread(() =>
            {
                while (Volatile.Read(ref churning))
                {
                    File.OpenRead("/dev/null").Dispose();
                }
            }),
            new Thread(() =>
            {
                while (Volatile.Read(ref churning))
                {
                    using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    client.Connect(new UnixDomainSocketEndPoint(listenerPath));
                    listener.Accept().Dispose();
                }
            }),
        };
        foreach (var churner in churners)
        {
            churner.Start();
        }
        var last = CardSession.Open(stack.FirstReader);
        try
        {
            for (var i = 1; i <= 1000; i++)
            {
                Assert.True(last.CanGiveUp, $"session {i} of 1000 could not tell its connection to pcscd apart");
                last.Close();
                last = CardSession.Open(stack.FirstReader);
            }
        }
        finally
        {
            Volatile.Write(ref churning, false);
            foreach (var churner in churners)
            {
                churner.Join();
            }
            File.Delete(listenerPath);
        }

        card.ResponseDelay = TimeSpan.FromHours(1);
        var timedOut = HangGuard.Throws<PcscException>(() => last.Transmit(SelectMasterFile, new ApduOptions { ResponseTimeout = TimeSpan.FromMilliseconds(300) }), "a transmit to the silent card");
        Assert.Equal(PcscError.Timeout, timedOut.Code);
        stack.Simulator.RemoveCard(stack.FirstReader);
        last.Close();
    }

    [Fact]
    public void Sessions_opened_at_once_each_give_up_on_their_own_connection_and_on_no_other()
    {
        var silent = stack.Simulator.InsertCard(stack.FirstReader);
        stack.Simulator.InsertCard(stack.SecondReader);
        var sessions = new CardSession[8];
        Parallel.For(0, sessions.Length, i => sessions[i] = CardSession.Open(i % 2 == 0 ? stack.FirstReader : stack.SecondReader));
        try
        {
            Assert.All(sessions, session => Assert.True(session.CanGiveUp));
            silent.ResponseDelay = TimeSpan.FromHours(1);
            var impatient = new ApduOptions { ResponseTimeout = TimeSpan.FromMilliseconds(300) };

            // Had two sessions taken each other's socket, giving one up would leave it blocked and break the other.
            foreach (var session in sessions.Where(s => s.Reader == stack.FirstReader))
            {
                var timedOut = HangGuard.Throws<PcscException>(() => session.Transmit(SelectMasterFile, impatient), "a transmit to the silent card");
                Assert.Equal(PcscError.Timeout, timedOut.Code);
                Assert.False(session.IsOpen);
            }
            Assert.All(sessions.Where(s => s.Reader == stack.SecondReader), session =>
            {
                Assert.True(session.IsOpen);
                Assert.Equal("9000", session.Transmit(SelectMasterFile).StatusWord);
            });
        }
        finally
        {
            // The card first: a session still blocked on it (what this test looks for) holds its context until it answers.
            stack.Simulator.RemoveCard(stack.FirstReader);
            foreach (var session in sessions)
            {
                session?.Close();
            }
        }
    }
}
