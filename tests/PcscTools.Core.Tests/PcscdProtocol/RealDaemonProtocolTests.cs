using PcscTools.Sandboxes;
using PcscTools.Errors;
using PcscTools.PcscdProtocol;
using PcscTools.Tests.Integration;

namespace PcscTools.Tests.PcscdProtocol;

/// <summary>Debian's real pcscd 1.9.9 (the simulator's) and Debian's real libpcsclite 1.9.9: both 4.4.</summary>
[Collection(RealStackCollection.Name)]
public sealed class RealDaemonProtocolTests(SimulatorFixture stack)
{
    [Fact]
    public void The_real_pcscd_answers_4_4_and_accepts_4_4()
    {
        var probe = DaemonProbe.Probe(stack.Simulator.SocketPath, new Version(4, 4), clientFallsBack: false, TimeSpan.FromSeconds(2));
        Assert.Equal(DaemonProbeOutcome.Answered, probe.Outcome);
        Assert.Equal(new Version(4, 4), probe.Protocol);
        Assert.Equal(PcscError.Success, probe.FinalVerdict);
    }

    [Fact]
    public void The_real_pcscd_rejects_4_3_with_service_stopped_so_it_is_1_8_26_or_later()
    {
        var probe = DaemonProbe.Probe(stack.Simulator.SocketPath, new Version(4, 3), clientFallsBack: false, TimeSpan.FromSeconds(2));
        Assert.Equal(PcscError.ServiceStopped, probe.FirstVerdict);
        var releases = PcscLiteHistory.DaemonsAnswering(probe.Protocol!, new Version(4, 3), probe.FirstVerdict!.Value).Select(d => d.Releases);
        Assert.Equal("1.8.26 to 2.2.3", PcscLiteHistory.Describe(releases));
    }

    [Fact]
    public void The_diagnosis_finds_the_real_client_and_daemon_compatible_on_the_socket_in_use()
    {
        var report = ProtocolDiagnosis.Run(new DiagnosisRequest { Sandbox = Sandbox.None });
        Assert.Equal(stack.Simulator.SocketPath, report.SocketPath);
        Assert.Equal(ProtocolStatus.Ok, report.Status);
        Assert.True(report.Compatible);
        Assert.True(report.DaemonReachable);
        Assert.Equal(new Version(4, 4), report.DaemonProtocol);
        Assert.Equal(new Version(4, 4), report.ClientProtocol);
        Assert.Equal("1.8.24 to 2.2.3", report.DaemonPcscLite);
        Assert.Equal("", report.Remedy);
    }

    [Fact]
    public void The_real_stack_still_works_after_a_diagnosis()
    {
        ProtocolDiagnosis.Run(new DiagnosisRequest { Sandbox = Sandbox.None });
        using var context = Contexts.PcscContext.Establish();
        Assert.Equal(stack.Simulator.ReaderNames, context.ListReaders());
    }
}
