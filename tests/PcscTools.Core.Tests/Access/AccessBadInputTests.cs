using System.Diagnostics;
using PcscTools.Access;
using Xunit;

namespace PcscTools.Core.Tests.Access;

/// <summary>The access diagnosis on bad input: a pkcheck that is missing, hangs or answers nonsense; /proc entries that vanish or lie.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AccessBadInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pcsctools-access-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Script(string name, string body)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public void A_missing_pkcheck_gives_an_unknown_verdict_that_says_so()
    {
        var answer = new PolkitAuthority(Path.Combine(_folder, "no-pkcheck")).Check(PolkitAction.AccessPcsc);
        Assert.Equal(PolkitVerdict.Unknown, answer.Verdict);
        Assert.Contains("not installed", answer.Detail);
    }

    [Fact]
    public void A_hanging_pkcheck_is_given_up_on_at_the_time_bound()
    {
        var clock = Stopwatch.StartNew();
        var answer = new PolkitAuthority(Script("pkcheck", "sleep 60"), TimeSpan.FromMilliseconds(300)).Check(PolkitAction.AccessPcsc);
        Assert.Equal(PolkitVerdict.Unknown, answer.Verdict);
        Assert.Contains("did not answer within", answer.Detail);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void An_answer_that_cannot_be_read_is_unknown_and_quoted()
    {
        var answer = new PolkitAuthority(Script("pkcheck", "echo 'garbage \\x01' >&2; exit 42")).Check(PolkitAction.AccessCard, "Reader 00 00");
        Assert.Equal(PolkitVerdict.Unknown, answer.Verdict);
        Assert.Contains("could not be read (pkcheck exited with 42", answer.Detail);
        Assert.False(answer.Refuses);
    }

    [Theory]
    [InlineData(0, PolkitVerdict.Allowed)]
    [InlineData(1, PolkitVerdict.Denied)]
    [InlineData(2, PolkitVerdict.NeedsAuthentication)]
    [InlineData(127, PolkitVerdict.Unknown)]
    public void Pkchecks_exit_codes_are_read_as_pcscd_would_act(int exit, PolkitVerdict verdict) =>
        Assert.Equal(verdict, PolkitAuthority.Read(PolkitAction.AccessPcsc, null, exit, null).Verdict);

    [Fact]
    public void Processes_that_vanish_or_hide_while_being_read_are_skipped_and_counted_as_unseen()
    {
        var socket = Path.Combine(_folder, "pcscd.comm");
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socket));
        var file = PcscTools.Interop.UnixFile.Identity(socket)!.Value;
        var proc = Directory.CreateDirectory(Path.Combine(_folder, "proc")).FullName;
        // PID 10: a client whose comm vanished (exited meanwhile); PID 11: a client fully there; PID 12: no fd folder.
        foreach (var (pid, inode) in new[] { (10, 501u), (11, 502u) })
        {
            Directory.CreateDirectory(Path.Combine(proc, $"{pid}", "fd"));
            File.CreateSymbolicLink(Path.Combine(proc, $"{pid}", "fd", "3"), $"socket:[{inode}]");
            File.CreateSymbolicLink(Path.Combine(proc, $"{pid}", "fd", "4"), "/dev/null");
        }
        File.WriteAllText(Path.Combine(proc, "11", "comm"), "holder\n");
        File.WriteAllText(Path.Combine(proc, "11", "cmdline"), "holder\0Reader 00 00\0");
        Directory.CreateDirectory(Path.Combine(proc, "12"));
        var table = new List<UnixSocketEntry>
        {
            new(900, (uint)file.Inode, file.Device, 0, true),
            new(901, (uint)file.Inode, file.Device, 501, false),
            new(902, (uint)file.Inode, file.Device, 502, false),
            new(903, (uint)file.Inode, file.Device, 503, false),
        };

        var survey = PcscClientFinder.Find(socket, proc, () => table);

        var client = Assert.Single(survey.Clients);
        Assert.Equal(11, client.ProcessId);
        Assert.Equal("holder Reader 00 00", client.CommandLine);
        Assert.Contains(survey.Unseen, u => u.Contains("cannot see"));
        Assert.Contains("PID 11 holder", survey.Describe());
    }

    [Fact]
    public void A_socket_list_that_cannot_be_read_is_said_not_thrown()
    {
        var socket = Path.Combine(_folder, "pcscd.comm");
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socket));
        var survey = PcscClientFinder.Find(socket, "/proc", () => throw new IOException("refused (errno 13)."));
        Assert.Empty(survey.Clients);
        Assert.Contains(survey.Unseen, u => u.Contains("cannot be listed here: refused"));
        Assert.Throws<IOException>(() => UnixSocketTable.Parse(new byte[] { 200, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2 }, []));
    }

    [Fact]
    public void The_kernel_socket_list_shows_a_real_listener_and_its_connected_peer()
    {
        var socket = Path.Combine(_folder, "real.comm");
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socket));
        listener.Listen();
        using var client = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        client.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(socket));
        using var accepted = listener.Accept();

        var survey = PcscClientFinder.Find(socket);

        Assert.Equal(Environment.ProcessId, survey.DaemonProcessId);
        var self = Assert.Single(survey.Clients);
        Assert.Equal(ClientRole.ThisProcess, self.Role);
        Assert.Empty(survey.PossibleHolders);
    }
}
