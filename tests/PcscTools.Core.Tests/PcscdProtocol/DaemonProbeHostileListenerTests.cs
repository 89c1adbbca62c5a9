using CsCheck;
using PcscTools.Errors;
using PcscTools.PcscdProtocol;
using PcscTools.Tests.Fuzzing;
using PcscTools.Tests.Leaks;
using Xunit.Abstractions;

namespace PcscTools.Tests.PcscdProtocol;

/// <summary>
/// The protocol probe against a hostile listener (no real pcscd misbehaves on demand): whatever comes back, it returns a
/// result within its timeout, puts nothing but the CMD_VERSION exchange on the wire, and reads no more than it needs.
/// </summary>
[Collection(IsolatedCollection.Name)]
public sealed class DaemonProbeHostileListenerTests(ITestOutputHelper output)
{
    private static readonly Version V44 = new(4, 4);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>version_struct answers a pcscd could give, to be mutated: accepted, refused, another protocol, a 2.4.1+ fallback.</summary>
    private static readonly byte[][] Replies =
    [
        VersionExchange.Body(new Version(4, 4), PcscError.Success),
        VersionExchange.Body(new Version(4, 5), PcscError.ServiceStopped),
        VersionExchange.Body(new Version(4, 3), PcscError.NoService),
        [.. VersionExchange.Body(new Version(4, 5), PcscError.ServiceStopped), .. VersionExchange.Body(new Version(4, 5), PcscError.Success)],
    ];

    [Fact]
    public void Fuzz_the_reply_parser_for_the_time_budget_the_probe_returns_and_sends_only_version_requests()
    {
        using var listener = new ScriptedReplyListener();
        var outcomes = new Dictionary<DaemonProbeOutcome, int>();
        FuzzBudget.Run(Gen.Select(Mutations.RandomOrMutated(Replies, 40), Gen.Bool), (reply, fallsBack) =>
        {
            listener.Reply = reply;
            var result = DaemonProbe.Probe(listener.SocketPath, V44, fallsBack, Timeout);
            Assert.True(Enum.IsDefined(result.Outcome));
            Assert.NotEqual(DaemonProbeOutcome.NoAnswer, result.Outcome);
            lock (outcomes)
            {
                outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
            }
        }, output, threads: 1);
        output.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));

        Assert.All(listener.Received, AssertOnlyVersionRequests);
    }

    [Fact]
    public void A_flood_without_end_is_cut_off_after_one_version_struct_and_allocates_no_more_than_a_small_bound()
    {
        using var listener = new ScriptedReplyListener { Reply = new byte[64 * 1024], Flood = true };
        Array.Fill(listener.Reply, (byte)0x04);
        DaemonProbe.Probe(listener.SocketPath, V44, clientFallsBack: true, Timeout);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var result = DaemonProbe.Probe(listener.SocketPath, V44, clientFallsBack: true, Timeout);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        output.WriteLine($"The probe allocated {allocated:N0} bytes; the listener offered {listener.BytesSent:N0} before the probe hung up.");
        Assert.Equal(DaemonProbeOutcome.BadAnswer, result.Outcome);
        Assert.True(allocated < 1 << 20, $"the probe allocated {allocated:N0} bytes while the listener offered {listener.BytesSent:N0}");
        Assert.All(listener.Received, AssertOnlyVersionRequests);
    }

    /// <summary>One or two CMD_VERSION requests (the second only as a 2.4.1+ fallback) and not one byte more.</summary>
    private static void AssertOnlyVersionRequests(byte[] sent)
    {
        const int request = VersionExchange.HeaderLength + VersionExchange.BodyLength;
        Assert.True(sent.Length is request or 2 * request, $"the client sent {sent.Length} bytes");
        for (var at = 0; at < sent.Length; at += request)
        {
            Assert.Equal((12u, VersionExchange.Command), VersionExchange.ReadHeader(sent.AsSpan(at)));
            var (major, _, verdict) = VersionExchange.ReadBody(sent.AsSpan(at + VersionExchange.HeaderLength));
            Assert.Equal(4, major);
            Assert.Equal(0u, verdict);
        }
    }
}
