using PcscTools.Errors;
using PcscTools.PcscdProtocol;

namespace PcscTools.Tests.PcscdProtocol;

public sealed class PcscLiteHistoryTests
{
    private static ClientRelease Client(string first) => PcscLiteHistory.Clients.Single(c => c.Releases.First == first);

    private static DaemonRelease Daemon(string first) => PcscLiteHistory.Daemons.Single(d => d.Releases.First == first);

    [Theory]
    [InlineData("4.2", "1.6.5 to 1.8.8")]
    [InlineData("4.3", "1.8.9 to 1.8.23")]
    [InlineData("4.4", "1.8.24 to 2.2.3")]
    [InlineData("4.5", "2.3.0 to 2.4.1")]
    [InlineData("4.6", "2.5.0 or later")]
    public void Each_protocol_names_the_releases_that_speak_it(string protocol, string releases) =>
        Assert.Equal(releases, PcscLiteHistory.ReleasesSpeaking(Version.Parse(protocol))!.ToString());

    [Fact]
    public void Protocol_4_1_was_never_released() => Assert.Null(PcscLiteHistory.ReleasesSpeaking(new Version(4, 1)));

    [Fact]
    public void The_1_8_4_layout_change_that_kept_4_2_is_recorded() =>
        Assert.Contains("1.8.4", PcscLiteHistory.Revisions.Single(r => r.Protocol == new Version(4, 2)).Change);

    // The compatibility matrix of research/pcsc-protocol.md §2, row by row (client) and column by column (daemon).
    [Theory]
    [InlineData("1.8.9", "1.8.9", PcscError.Success)]
    [InlineData("1.8.9", "1.8.24", PcscError.NoService)]
    [InlineData("1.8.9", "1.8.26", PcscError.ServiceStopped)]
    [InlineData("1.8.9", "2.4.1", PcscError.ServiceStopped)]
    [InlineData("1.8.9", "2.5.0", PcscError.ServiceStopped)]
    [InlineData("1.8.24", "1.8.9", PcscError.NoService)]
    [InlineData("1.8.24", "1.8.26", PcscError.Success)]
    [InlineData("1.8.24", "2.3.0", PcscError.ServiceStopped)]
    [InlineData("1.8.24", "2.4.1", PcscError.Success)]
    [InlineData("1.8.24", "2.5.0", PcscError.Success)]
    [InlineData("2.3.0", "1.8.26", PcscError.ServiceStopped)]
    [InlineData("2.3.0", "2.5.0", PcscError.Success)]
    [InlineData("2.4.1", "1.8.24", PcscError.NoService)]
    [InlineData("2.4.1", "1.8.26", PcscError.Success)]
    [InlineData("2.5.0", "1.8.26", PcscError.Success)]
    [InlineData("2.5.0", "2.3.0", PcscError.Success)]
    [InlineData("2.5.0", "2.4.1", PcscError.Success)]
    [InlineData("2.5.0", "1.8.9", PcscError.NoService)]
    public void The_handshake_follows_the_matrix(string client, string daemon, PcscError expected) =>
        Assert.Equal(expected, PcscLiteHistory.Handshake(Client(client), Daemon(daemon)));

    [Fact]
    public void A_4_4_daemon_rejecting_with_no_service_is_1_8_24_or_1_8_25()
    {
        var daemons = PcscLiteHistory.DaemonsAnswering(new Version(4, 4), new Version(4, 3), PcscError.NoService);
        Assert.Equal("1.8.24 to 1.8.25", PcscLiteHistory.Describe(daemons.Select(d => d.Releases)));
    }

    [Fact]
    public void A_4_5_daemon_accepting_a_4_4_client_is_2_4_1()
    {
        var daemons = PcscLiteHistory.DaemonsAnswering(new Version(4, 5), new Version(4, 4), PcscError.Success);
        Assert.Equal("2.4.1", PcscLiteHistory.Describe(daemons.Select(d => d.Releases)));
    }

    [Fact]
    public void Consecutive_ranges_are_joined_and_gaps_kept()
    {
        var accepted = PcscLiteHistory.ClientsAcceptedBy([Daemon("1.8.26")]);
        Assert.Equal("1.8.24 to 2.2.3, 2.4.1 or later", PcscLiteHistory.Describe(accepted.Select(c => c.Releases)));
    }
}
