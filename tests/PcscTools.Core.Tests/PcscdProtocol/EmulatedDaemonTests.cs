using PcscTools.Sandboxes;
using PcscTools.Errors;
using PcscTools.Interop;
using PcscTools.PcscdProtocol;
using PcscTools.TestDoubles;
using PcscTools.Tests.Integration;

namespace PcscTools.Tests.PcscdProtocol;

/// <summary>
/// Debian's real libpcsclite 1.9.9 (protocol 4.4) against wire-level emulations of the pcscd releases that
/// cannot run here, one per column of the compatibility matrix. In the real-stack collection because the
/// client is pointed at each emulator through PCSCLITE_CSOCK_NAME.
/// </summary>
[Collection(RealStackCollection.Name)]
public sealed class EmulatedDaemonTests
{
    private static readonly Version V44 = new(4, 4);

    [Theory]
    [InlineData("1.6.5", PcscError.NoService, "4.2", "1.6.5 to 1.8.8")]
    [InlineData("1.8.23", PcscError.NoService, "4.3", "1.8.9 to 1.8.23")]
    [InlineData("1.9.9", PcscError.Success, "4.4", "1.8.24 to 2.2.3")]
    [InlineData("2.3.0", PcscError.ServiceStopped, "4.5", "2.3.0 to 2.4.0")]
    [InlineData("2.4.1", PcscError.Success, "4.5", "2.4.1")]
    [InlineData("2.5.1", PcscError.Success, "4.6", "2.5.0 or later")]
    public void Real_libpcsclite_1_9_9_against_emulated_pcscd_gets_the_matrix_verdict_and_the_diagnosis_names_it(
        string release, PcscError expected, string daemonProtocol, string daemonReleases)
    {
        using var daemon = EmulatedPcscDaemon.Start(release);

        Assert.Equal(expected, InProcessClient.For(PcscLibrary.CurrentPath)(daemon.SocketPath));

        var report = ProtocolDiagnosis.Run(new DiagnosisRequest { SocketPath = daemon.SocketPath, Sandbox = Sandbox.None });
        Assert.True(report.DaemonReachable);
        Assert.Equal(Version.Parse(daemonProtocol), report.DaemonProtocol);
        Assert.Equal(V44, report.ClientProtocol);
        Assert.Equal(false, report.ClientFallsBack);
        Assert.Equal(daemonReleases, report.DaemonPcscLite);
        Assert.Equal("1.8.24 to 2.2.3", report.ClientPcscLite);
        Assert.Equal(expected, report.DaemonVerdict);
        Assert.Equal(expected == PcscError.Success, report.Compatible);
        Assert.Equal(expected == PcscError.Success ? ProtocolStatus.Ok : ProtocolStatus.ProtocolMismatch, report.Status);
    }

    [Fact]
    public void Against_emulated_2_3_0_the_report_names_both_versions_both_ranges_and_what_to_use_instead()
    {
        using var daemon = EmulatedPcscDaemon.Start("2.3.0");
        var report = ProtocolDiagnosis.Run(new DiagnosisRequest { SocketPath = daemon.SocketPath, Sandbox = new Sandbox(SandboxKind.Flatpak, "org.example.Signer") });

        Assert.Contains("speaks protocol 4.5 (pcsc-lite 2.3.0 to 2.4.0)", report.Message);
        Assert.Contains("speaks 4.4 (pcsc-lite 1.8.24 to 2.2.3)", report.Message);
        Assert.Contains("SCARD_E_SERVICE_STOPPED", report.Message);
        Assert.Contains("Use a libpcsclite from pcsc-lite 2.3.0 or later (protocol 4.5 or 4.6) in the flatpak org.example.Signer", report.Remedy);
        Assert.Contains("run a pcscd from pcsc-lite 1.8.24 to 2.2.3, 2.4.1 or later on the host", report.Remedy);
    }

    [Fact]
    public void Against_emulated_1_8_23_the_report_explains_that_no_service_looks_like_a_stopped_daemon()
    {
        using var daemon = EmulatedPcscDaemon.Start("1.8.23");
        var report = ProtocolDiagnosis.Run(new DiagnosisRequest { SocketPath = daemon.SocketPath, Sandbox = Sandbox.None });

        Assert.Equal(ProtocolStatus.ProtocolMismatch, report.Status);
        Assert.Contains("SCARD_E_NO_SERVICE", report.Message);
        Assert.Contains("as if pcscd were not running", report.Message);
        Assert.Contains("run a pcscd from pcsc-lite 1.8.24 to 2.2.3, 2.4.1 or later on the host", report.Remedy);
    }

    [Fact]
    public void A_mismatching_probe_is_what_an_emulated_daemon_logs_as_a_protocol_mismatch()
    {
        using var daemon = EmulatedPcscDaemon.Start("2.3.0");
        DaemonProbe.Probe(daemon.SocketPath, V44, clientFallsBack: false, TimeSpan.FromSeconds(2));
        Assert.Contains("Communication protocol mismatch! Client protocol is 4:4, Server protocol is 4:5", daemon.Log);
    }

    [Theory]
    [InlineData(true, ProtocolStatus.Ok, "2.4.1")]
    [InlineData(false, ProtocolStatus.ProtocolMismatch, "2.3.0 to 2.4.0")]
    public void An_emulated_4_5_client_is_accepted_by_a_4_4_daemon_emulated_as_1_9_9_only_when_it_falls_back(bool fallsBack, ProtocolStatus status, string clientReleases)
    {
        using var daemon = EmulatedPcscDaemon.Start("1.9.9");
        var report = ProtocolDiagnosis.Run(new DiagnosisRequest
        {
            SocketPath = daemon.SocketPath,
            Sandbox = Sandbox.None,
            ClientLibrary = $"emulated libpcsclite {clientReleases}",
            Client = socket => WireClient.Connect(socket, new Version(4, 5), fallsBack),
        });

        Assert.Equal(status, report.Status);
        Assert.Equal(new Version(4, 5), report.ClientProtocol);
        Assert.Equal(fallsBack, report.ClientFallsBack);
        Assert.Equal(clientReleases, report.ClientPcscLite);
        Assert.Equal("1.8.26 to 2.2.3", report.DaemonPcscLite);
        Assert.Equal(fallsBack, report.Message.Contains("after it falls back to 4.4"));
    }

    [Fact]
    public void An_emulated_2_5_client_falls_back_to_4_5_against_emulated_2_3_0()
    {
        using var daemon = EmulatedPcscDaemon.Start("2.3.0");
        var probe = DaemonProbe.Probe(daemon.SocketPath, new Version(4, 6), clientFallsBack: true, TimeSpan.FromSeconds(2));
        Assert.Equal(PcscError.ServiceStopped, probe.FirstVerdict);
        Assert.Equal(new Version(4, 5), probe.RetriedWith);
        Assert.Equal(PcscError.Success, probe.FinalVerdict);
    }
}
