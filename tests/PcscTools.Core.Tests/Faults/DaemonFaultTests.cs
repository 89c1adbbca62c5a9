using System.Buffers.Binary;
using PcscTools.Bytes;
using PcscTools.Contexts;
using PcscTools.Errors;
using PcscTools.Interop;
using PcscTools.Readers;
using PcscTools.Tests.Integration;

namespace PcscTools.Tests.Faults;

/// <summary>pcscd killed (as a crash) and restarted under a client, on the real stack.</summary>
[Collection(RealStackCollection.Name)]
public sealed class DaemonFaultTests(SimulatorFixture stack) : IDisposable
{
    private static readonly PcscError[] ServiceGone = [PcscError.NoService, PcscError.CommError];

    public void Dispose() => StackRecovery.Recover(stack);

    [Fact]
    public void Calls_between_a_kill_and_a_restart_fail_with_no_service_and_do_not_hang()
    {
        stack.Simulator.InsertCard(stack.FirstReader);
        using var context = PcscContext.Establish();
        using var connection = context.Connect(stack.FirstReader);

        stack.Simulator.Daemon.Kill();

        var response = new byte[258];
        Assert.Equal(PcscError.NoService, HangGuard.Throws<PcscException>(() => connection.Transmit(TestApdus.SelectMasterFile, response), "SCardTransmit").Code);
        Assert.Equal(PcscError.NoService, HangGuard.Throws<PcscException>(() => context.ListReaders(), "SCardListReaders").Code);
        Assert.Equal(PcscError.NoService, HangGuard.Throws<PcscException>(() => PcscContext.Establish().Dispose(), "SCardEstablishContext").Code);
        Assert.False(context.IsValid);
        Assert.Null(HangGuard.Run(connection.Dispose, "SCardDisconnect"));
    }

    [Fact]
    public void After_a_restart_a_new_context_works_and_the_old_one_reports_itself_invalid()
    {
        using var old = PcscContext.Establish();
        Assert.True(old.IsValid);

        stack.Simulator.Daemon.Kill();
        stack.Simulator.Daemon.Restart();

        Assert.False(old.IsValid);
        Assert.Equal(PcscError.NoService, Assert.Throws<PcscException>(old.ListReaders).Code);
        using var fresh = PcscContext.Establish();
        Assert.Equal(stack.Simulator.ReaderNames, fresh.ListReaders());
        stack.Simulator.InsertCard(stack.FirstReader);
        using var connection = fresh.Connect(stack.FirstReader);
        var response = new byte[258];
        var length = connection.Transmit(TestApdus.SelectMasterFile, response);
        Assert.Equal("90 00", Hex.Format(response.AsSpan(length - 2, 2)));
    }

    [Fact]
    public void A_wait_for_a_reader_change_ends_with_a_service_error_when_pcscd_dies()
    {
        using var context = PcscContext.Establish();
        var request = new ReaderStateRequest(stack.SecondReader);
        context.WaitForChange([request], TimeSpan.Zero);
        request.Acknowledge();
        var waiting = new ManualResetEventSlim();
        var wait = Task.Factory.StartNew(() =>
        {
            waiting.Set();
            context.WaitForChange([request], timeout: null);
        }, TaskCreationOptions.LongRunning);
        waiting.Wait();

        stack.Simulator.Daemon.Kill();

        var error = HangGuard.Throws<PcscException>(() => wait.GetAwaiter().GetResult(), "SCardGetStatusChange without a timeout");
        Assert.Contains(error.Code, ServiceGone);
    }

    [Fact]
    public async Task A_batch_of_ten_thousand_apdus_interrupted_by_a_kill_tells_exactly_what_the_card_answered()
    {
        const int batch = 10_000;
        const int killAfter = 500;
        var card = stack.Simulator.InsertCard(stack.FirstReader);
        card.Respond("80 01 00 00 04 ????????", "90 00");
        using var context = PcscContext.Establish();
        using var connection = context.Connect(stack.FirstReader);
        var killer = Task.Factory.StartNew(() =>
        {
            Assert.True(SpinWait.SpinUntil(() => card.ReceivedCommands.Count >= killAfter, HangGuard.Limit), "the batch never reached the kill point");
            stack.Simulator.Daemon.Kill();
        }, TaskCreationOptions.LongRunning);

        var sent = new List<HexBytes>();
        var answered = 0;
        var error = HangGuard.Throws<PcscException>(() =>
        {
            var response = new byte[258];
            for (var i = 0; i < batch; i++)
            {
                var command = Hex.Parse("80 01 00 00 04 00 00 00 00");
                BinaryPrimitives.WriteInt32BigEndian(command.AsSpan(5), i);
                sent.Add(new HexBytes(command));
                var length = connection.Transmit(command, response);
                Assert.Equal("90 00", Hex.Format(response.AsSpan(0, length)));
                answered++;
            }
        }, "the batch");
        await killer;

        Assert.Contains(error.Code, ServiceGone);
        // The kill came once the card had taken command 500; its answer may or may not have made it back.
        Assert.InRange(answered, killAfter - 1, batch - 1);
        var received = card.ReceivedCommands;
        // Every answered command reached the card, in order; at most the one in flight reached it without an answer.
        Assert.InRange(received.Count, answered, answered + 1);
        Assert.Equal(sent.Take(received.Count), received);
    }
}
