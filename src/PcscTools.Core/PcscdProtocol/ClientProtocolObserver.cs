using System.Net.Sockets;
using PcscTools.Bytes;
using PcscTools.Errors;

namespace PcscTools.PcscdProtocol;

/// <summary>
/// Learns the protocol a client library really speaks: it listens on a private socket, lets the library
/// connect there (<see cref="InProcessClient"/> or <see cref="ChildProcessClient"/>), reads the version its
/// CMD_VERSION carries, and rejects it as a daemon of a neighbouring minor would, to see whether it retries
/// (pcsc-lite 2.4.1+ does). A retry is accepted and the connection then closed, so the library gives up at once.
/// </summary>
public static class ClientProtocolObserver
{
    /// <param name="library">What is observed, for the result (a path or a command line).</param>
    /// <param name="connect">Makes the library connect to the socket path it is given, and returns once it gave up.</param>
    public static ClientObservation Observe(string library, Func<string, PcscError?> connect, TimeSpan timeout)
    {
        var folder = Directory.CreateTempSubdirectory("pcsctools-probe-");
        try
        {
            var socketPath = Path.Combine(folder.FullName, "pcscd.comm");
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(4);
            using var stop = new CancellationTokenSource();
            ClientObservation? served = null;
            // Its own thread, not the pool's: an in-process library blocks this thread until it is answered, and a busy pool
            // would make that answer late.
            var server = new Thread(() => served = Serve(library, listener, new ProbeDeadline(timeout, stop.Token)))
            {
                IsBackground = true,
                Name = "pcsctools protocol probe",
            };
            server.Start();
            var returned = connect(socketPath);
            // The library has given up by now; its connection is closed or about to be.
            if (!server.Join(timeout))
            {
                stop.Cancel();
                server.Join();
            }
            var observation = served ?? Nothing(library, "it did not connect to the probe socket");
            return observation with { Returned = returned };
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static ClientObservation Nothing(string library, string why) => new(library, null, null, null, why);

    private static ClientObservation Serve(string library, Socket listener, ProbeDeadline deadline)
    {
        Socket connection;
        try
        {
            deadline.WaitFor(listener, SelectMode.SelectRead);
            connection = listener.Accept();
        }
        catch (Exception e) when (e is SocketException or TimeoutException or OperationCanceledException)
        {
            return Nothing(library, "it did not connect to the probe socket");
        }
        using (connection)
        {
            try
            {
                connection.Blocking = false;
                var first = ReadVersion(connection, deadline);
                if (first.Version is null)
                {
                    return Nothing(library, first.Problem!);
                }
                var announced = first.Version;
                var offered = new Version(4, announced.Minor > FallbackRule.LowestMinor ? announced.Minor - 1 : announced.Minor + 1);
                deadline.Send(connection, VersionExchange.Body(offered, PcscError.ServiceStopped));
                var retry = ReadVersion(connection, deadline);
                if (retry.Version is null)
                {
                    return new(library, announced, false, null, null);
                }
                deadline.Send(connection, VersionExchange.Body(offered, PcscError.Success));
                return new(library, announced, true, retry.Version, null);
            }
            catch (Exception e) when (e is SocketException or TimeoutException or OperationCanceledException)
            {
                return Nothing(library, $"it connected but sent no CMD_VERSION ({e.Message})");
            }
        }
    }

    /// <summary>Reads one CMD_VERSION request; anything else (or the end of the connection) is a problem.</summary>
    private static (Version? Version, string? Problem) ReadVersion(Socket connection, ProbeDeadline deadline)
    {
        var header = new byte[VersionExchange.HeaderLength];
        if (!ReadExactly(connection, header, deadline))
        {
            return (null, "it closed the connection without sending CMD_VERSION");
        }
        var (size, command) = VersionExchange.ReadHeader(header);
        if (command != VersionExchange.Command || size != VersionExchange.BodyLength)
        {
            return (null, $"it sent a message that is not a pcsc-lite 4.x CMD_VERSION (header {Hex.Format(header)})");
        }
        var body = new byte[VersionExchange.BodyLength];
        if (!ReadExactly(connection, body, deadline))
        {
            return (null, "it closed the connection in the middle of CMD_VERSION");
        }
        var (major, minor, _) = VersionExchange.ReadBody(body);
        return major < 0 || minor < 0
            ? (null, $"it sent an impossible version ({Hex.Format(body)})")
            : (new Version(major, minor), null);
    }

    private static bool ReadExactly(Socket connection, byte[] buffer, ProbeDeadline deadline)
    {
        var received = 0;
        while (received < buffer.Length)
        {
            deadline.WaitFor(connection, SelectMode.SelectRead);
            var count = connection.Receive(buffer.AsSpan(received));
            if (count == 0)
            {
                return false;
            }
            received += count;
        }
        return true;
    }
}
