using System.Diagnostics;
using System.Net.Sockets;
using PcscTools.Sandboxes;
using PcscTools.Errors;
using PcscTools.Interop;
using PcscTools.PcscdProtocol;
using PcscTools.TestDoubles;

namespace PcscTools.Tests.PcscdProtocol;

/// <summary>Everything that can stand where pcscd's socket should be; the probe must return, within its timeout, with a status that says which.</summary>
public sealed class DaemonProbeFailureTests : IDisposable
{
    private static readonly Version V44 = new(4, 4);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(500);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("pcsctools-probe-test-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static DaemonProbeResult Probe(string path, TimeSpan? timeout = null) => DaemonProbe.Probe(path, V44, clientFallsBack: false, timeout ?? Short);

    private static ProtocolReport Explain(DaemonProbeResult daemon, Sandbox? sandbox = null, bool fromEnvironment = false) =>
        ProtocolAdvice.Explain(new ProtocolFindings(new ClientObservation("libpcsclite.so.1", V44, false, null, null), daemon, sandbox ?? Sandbox.None, fromEnvironment));

    [Fact]
    public void No_socket_is_socket_missing_and_says_how_to_start_pcscd()
    {
        var probe = Probe(Path.Combine(_folder.FullName, "pcscd.comm"));
        Assert.Equal(DaemonProbeOutcome.SocketMissing, probe.Outcome);
        var report = Explain(probe);
        Assert.Equal(ProtocolStatus.SocketMissing, report.Status);
        Assert.False(report.DaemonReachable);
        Assert.False(report.Compatible);
        Assert.Contains("systemctl enable --now pcscd.socket", report.Remedy);
    }

    [Fact]
    public void No_socket_from_PCSCLITE_CSOCK_NAME_says_to_fix_the_variable()
    {
        var report = Explain(Probe(Path.Combine(_folder.FullName, "pcscd.comm")), fromEnvironment: true);
        Assert.Contains("PCSCLITE_CSOCK_NAME", report.Message);
        Assert.Contains("unset it", report.Remedy);
    }

    [Fact]
    public void No_socket_in_a_flatpak_says_how_to_grant_socket_pcsc()
    {
        var report = Explain(Probe(Path.Combine(_folder.FullName, "pcscd.comm")), new Sandbox(SandboxKind.Flatpak, "org.example.App"));
        Assert.Contains("flatpak override --user --socket=pcsc org.example.App", report.Remedy);
        Assert.Equal(SandboxKind.Flatpak, report.Sandbox);
    }

    [Fact]
    public void No_socket_in_a_snap_says_how_to_connect_the_pcscd_interface() =>
        Assert.Contains("snap connect signer:pcscd", Explain(Probe(Path.Combine(_folder.FullName, "x")), new Sandbox(SandboxKind.Snap, "signer")).Remedy);

    [Fact]
    public void No_socket_in_a_container_says_how_to_mount_the_host_socket() =>
        Assert.Contains("-v /run/pcscd:/run/pcscd", Explain(Probe(Path.Combine(_folder.FullName, "x")), new Sandbox(SandboxKind.Container, "docker")).Remedy);

    [Fact]
    public void A_socket_whose_path_is_too_long_for_a_socket_address_is_reported_not_thrown()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder.FullName, new string('d', 120))).FullName;
        var path = Path.Combine(folder, "pcscd.comm");
        var shortPath = Path.Combine(_folder.FullName, "s");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(shortPath));
        File.Move(shortPath, path);
        var probe = Probe(path);
        Assert.Equal(DaemonProbeOutcome.SocketMissing, probe.Outcome);
        Assert.Contains("too long", probe.Detail);
    }

    [Fact]
    public void A_regular_file_is_not_a_socket()
    {
        var file = Path.Combine(_folder.FullName, "pcscd.comm");
        File.WriteAllText(file, "not a socket");
        var probe = Probe(file);
        Assert.Equal(DaemonProbeOutcome.NotASocket, probe.Outcome);
        Assert.Equal(UnixFileKind.Regular, probe.FileKind);
        Assert.Equal(ProtocolStatus.NotASocket, Explain(probe).Status);
        Assert.Contains("regular file", Explain(probe).Message);
    }

    [Fact]
    public void A_directory_is_not_a_socket() =>
        Assert.Equal(UnixFileKind.Directory, Probe(_folder.FullName).FileKind);

    [Fact]
    public void A_socket_nobody_listens_on_means_pcscd_is_not_running()
    {
        var path = Path.Combine(_folder.FullName, "pcscd.comm");
        var boundPath = Path.Combine(_folder.FullName, "bound");
        using (var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            bound.Bind(new UnixDomainSocketEndPoint(boundPath));
            // .NET deletes the file it bound on Dispose; a dead pcscd leaves its socket file behind.
            File.Move(boundPath, path);
        }
        Assert.Equal(UnixFileKind.Socket, UnixFile.KindOf(path));
        var probe = Probe(path);
        Assert.Equal(DaemonProbeOutcome.NotListening, probe.Outcome);
        Assert.Equal(ProtocolStatus.DaemonNotRunning, Explain(probe).Status);
        Assert.Contains("nobody listens", Explain(probe).Message);
    }

    [Theory]
    [InlineData(DaemonMisbehaviour.ClosesAtOnce, DaemonProbeOutcome.Closed, ProtocolStatus.NoAnswer)]
    [InlineData(DaemonMisbehaviour.Garbage, DaemonProbeOutcome.BadAnswer, ProtocolStatus.BadAnswer)]
    [InlineData(DaemonMisbehaviour.ShortAnswer, DaemonProbeOutcome.BadAnswer, ProtocolStatus.BadAnswer)]
    [InlineData(DaemonMisbehaviour.EndlessData, DaemonProbeOutcome.BadAnswer, ProtocolStatus.BadAnswer)]
    public void An_emulated_misbehaving_listener_is_reported_as_soon_as_it_misbehaves(DaemonMisbehaviour misbehaviour, DaemonProbeOutcome outcome, ProtocolStatus status)
    {
        // A generous timeout: these return when the listener's bytes (or its close) arrive, not when time runs out.
        var timeout = TimeSpan.FromSeconds(10);
        using var daemon = EmulatedPcscDaemon.Start("1.9.9", misbehaviour);
        var watch = Stopwatch.StartNew();
        var probe = Probe(daemon.SocketPath, timeout);
        watch.Stop();
        Assert.Equal(outcome, probe.Outcome);
        Assert.Equal(status, Explain(probe).Status);
        Assert.True(watch.Elapsed < timeout, $"the probe took {watch.Elapsed}");
        Assert.Null(probe.Protocol);
    }

    [Fact]
    public void An_emulated_listener_that_never_answers_is_no_answer()
    {
        using var daemon = EmulatedPcscDaemon.Start("1.9.9", DaemonMisbehaviour.NeverAnswers);
        var probe = Probe(daemon.SocketPath);
        Assert.Equal(DaemonProbeOutcome.NoAnswer, probe.Outcome);
        Assert.Equal(ProtocolStatus.NoAnswer, Explain(probe).Status);
    }

    [Fact]
    public void A_short_answer_shows_the_bytes_received()
    {
        using var daemon = EmulatedPcscDaemon.Start("1.9.9", DaemonMisbehaviour.ShortAnswer);
        Assert.Contains("5 bytes (04 00 00 00 04)", Probe(daemon.SocketPath, TimeSpan.FromSeconds(10)).Detail);
    }

    [Fact]
    public void A_listener_that_never_answers_is_given_up_on_after_the_timeout_given()
    {
        using var daemon = EmulatedPcscDaemon.Start("1.9.9", DaemonMisbehaviour.NeverAnswers);
        var watch = Stopwatch.StartNew();
        Probe(daemon.SocketPath, TimeSpan.FromMilliseconds(200));
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void An_emulated_release_answer_is_read_as_the_daemon_version_and_verdict()
    {
        using var daemon = EmulatedPcscDaemon.Start("2.3.0");
        var probe = Probe(daemon.SocketPath, TimeSpan.FromSeconds(10));
        Assert.Equal(DaemonProbeOutcome.Answered, probe.Outcome);
        Assert.Equal(new Version(4, 5), probe.Protocol);
        Assert.Equal(PcscError.ServiceStopped, probe.FinalVerdict);
    }
}
