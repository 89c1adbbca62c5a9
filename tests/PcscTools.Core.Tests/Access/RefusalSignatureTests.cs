using PcscTools.Access;
using PcscTools.Errors;
using PcscTools.PcscdProtocol;
using Xunit;

namespace PcscTools.Core.Tests.Access;

/// <summary>Which failed calls are polkit refusals: the signatures of pcscd 1.9.9, with polkit unreachable (a missing pkcheck).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RefusalSignatureTests
{
    private static readonly PolkitAuthority Unreachable = new("/nonexistent/pkcheck");

    private static AccessRefusal? Explain(PcscError code, string operation, string? reader, bool freshContext = true, bool mayEnforce = true) =>
        AccessDiagnosis.Explain(code, operation, reader, Unreachable, () => freshContext, () => mayEnforce);

    [Fact]
    public void Security_violation_is_an_access_pcsc_refusal_with_a_rule_for_this_user()
    {
        var refusal = Explain(PcscError.SecurityViolation, "SCardEstablishContext", null)!;
        Assert.Equal("AccessDenied", refusal.ErrorId);
        Assert.Equal(PolkitAction.AccessPcsc, refusal.Action);
        Assert.Contains($"subject.user == \"{Environment.UserName}\"", refusal.Rule.Text);
        Assert.Contains("pcscd --disable-polkit", refusal.Remedy);
        Assert.Contains("polkit could not be asked to confirm it", refusal.Message);
    }

    [Fact]
    public void Comm_error_from_connect_on_a_daemon_that_takes_a_fresh_context_is_a_reader_refusal()
    {
        var refusal = Explain(PcscError.CommError, "SCardConnect", "Reader \"A\" 00 00")!;
        Assert.Equal("ReaderAccessDenied", refusal.ErrorId);
        Assert.Contains("action.lookup(\"reader\") == \"Reader \\\"A\\\" 00 00\"", refusal.Rule.Text);
    }

    [Theory]
    [InlineData(PcscError.CommError, "SCardConnect", false, true)]   // the daemon itself is broken
    [InlineData(PcscError.CommError, "SCardConnect", true, false)]   // pcscd is seen to be built without polkit
    [InlineData(PcscError.CommError, "SCardTransmit", true, true)]   // not the connect pcscd checks
    [InlineData(PcscError.NoSmartcard, "SCardConnect", true, true)]
    public void Other_failures_are_not_taken_for_refusals(PcscError code, string operation, bool freshContext, bool mayEnforce) =>
        Assert.Null(Explain(code, operation, "Reader 00 00", freshContext, mayEnforce));

    [Theory]
    [InlineData(ProtocolStatus.NoAnswer, true, ProtocolStatus.AccessDenied)]
    [InlineData(ProtocolStatus.SocketMissing, true, ProtocolStatus.SocketMissing)]    // pcscd is not running: no refusal, whatever polkit says
    [InlineData(ProtocolStatus.DaemonNotRunning, true, ProtocolStatus.DaemonNotRunning)]
    [InlineData(ProtocolStatus.NoAnswer, false, ProtocolStatus.NoAnswer)]             // polkit admits this process: the closed connection is something else
    public void Test_PcscProtocol_reports_AccessDenied_only_for_a_connection_pcscd_closed_and_polkit_refuses(ProtocolStatus found, bool polkitRefuses, ProtocolStatus reported)
    {
        var folder = Directory.CreateTempSubdirectory("pcsctools-refusal-").FullName;
        try
        {
            var pkcheck = Path.Combine(folder, "pkcheck");
            File.WriteAllText(pkcheck, $"#!/bin/sh\nexit {(polkitRefuses ? 1 : 0)}\n");
            File.SetUnixFileMode(pkcheck, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            var protocol = new ProtocolReport
            {
                SocketPath = Path.Combine(folder, "pcscd.comm"), ClientLibrary = "libpcsclite.so.1",
                Status = found, Message = "found", Remedy = "remedy",
            };
            var report = ProtocolAccess.Apply(protocol, ProtocolAccess.Run(protocol, [], new PolkitAuthority(pkcheck)));
            Assert.Equal(reported, report.Status);
            Assert.NotNull(report.Access);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
