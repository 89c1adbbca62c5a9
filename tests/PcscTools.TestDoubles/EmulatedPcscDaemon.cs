using System.Net.Sockets;
using PcscTools.Errors;
using PcscTools.PcscdProtocol;

namespace PcscTools.TestDoubles;

/// <summary>
/// A wire-level stand-in for pcscd releases that cannot run here (only Debian's 1.9.9 is installed): it answers
/// CMD_VERSION exactly as the CMD_VERSION case of that release's winscard_svc.c does (its own major.minor, and
/// its acceptance rule and reject code), serves SCARD_ESTABLISH_CONTEXT / SCARD_RELEASE_CONTEXT so that an
/// accepted libpcsclite gets a context, and closes the connection on anything else ("Unknown command").
/// It also misbehaves on demand. Tests that use it say "emulated" in their names.
/// </summary>
public sealed class EmulatedPcscDaemon : IDisposable
{
    private const uint EstablishContext = 0x01, ReleaseContext = 0x02;

    private readonly Socket _listener;
    private readonly string _folder;
    private readonly List<Socket> _connections = [];
    private readonly List<string> _log = [];
    private readonly Func<Version, PcscError> _verdict;

    private EmulatedPcscDaemon(string release, Version protocol, Func<Version, PcscError> verdict, DaemonMisbehaviour misbehaviour)
    {
        Release = release;
        Protocol = protocol;
        _verdict = verdict;
        Misbehaviour = misbehaviour;
        _folder = Directory.CreateTempSubdirectory("pcsctools-emulated-").FullName;
        SocketPath = Path.Combine(_folder, "pcscd.comm");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        new Thread(AcceptLoop) { IsBackground = true, Name = $"emulated pcscd {release}" }.Start();
    }

    /// <summary>The releases this emulator knows, one per row of the compatibility matrix.</summary>
    public static IReadOnlyList<string> Releases { get; } = ["1.6.5", "1.8.23", "1.9.9", "2.3.0", "2.4.1", "2.5.1"];

    public string Release { get; }

    public Version Protocol { get; }

    public DaemonMisbehaviour Misbehaviour { get; }

    public string SocketPath { get; }

    /// <summary>What the daemon would have logged at its default level (mismatches), like pcscd's "Communication protocol mismatch!".</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToArray();
            }
        }
    }

    /// <summary>Starts an emulated pcscd of <paramref name="release"/> (see <see cref="Releases"/>).</summary>
    public static EmulatedPcscDaemon Start(string release, DaemonMisbehaviour misbehaviour = DaemonMisbehaviour.None)
    {
        // The CMD_VERSION rule of each release (winscard_svc.c): which client versions pass, and the reject code.
        var (protocol, verdict) = release switch
        {
            "1.6.5" => (new Version(4, 2), Exact(new Version(4, 2), PcscError.NoService)),
            "1.8.23" => (new Version(4, 3), Exact(new Version(4, 3), PcscError.NoService)),
            "1.9.9" => (new Version(4, 4), Exact(new Version(4, 4), PcscError.ServiceStopped)),
            "2.3.0" => (new Version(4, 5), Exact(new Version(4, 5), PcscError.ServiceStopped)),
            "2.4.1" => (new Version(4, 5), (Func<Version, PcscError>)(c => c.Minor >= 4 ? PcscError.Success : PcscError.ServiceStopped)),
            "2.5.1" => (new Version(4, 6), c => c.Major == 4 && c.Minor >= 4 && c.Minor <= 6 ? PcscError.Success : PcscError.ServiceStopped),
            _ => throw new ArgumentException($"No emulation of pcsc-lite {release}; known: {string.Join(", ", Releases)}.", nameof(release)),
        };
        return new EmulatedPcscDaemon(release, protocol, verdict, misbehaviour);
    }

    private static Func<Version, PcscError> Exact(Version own, PcscError reject) => c => c == own ? PcscError.Success : reject;

    public void Dispose()
    {
        _listener.Dispose();
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Already gone.
        }
    }

    private void AcceptLoop()
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            lock (_connections)
            {
                _connections.Add(connection);
            }
            new Thread(() => Serve(connection)) { IsBackground = true, Name = "emulated pcscd client" }.Start();
        }
    }

    private void Serve(Socket connection)
    {
        try
        {
            using (connection)
            {
                if (Misbehaviour == DaemonMisbehaviour.ClosesAtOnce)
                {
                    return;
                }
                if (Misbehaviour == DaemonMisbehaviour.ClosesAfterRequest)
                {
                    // The whole version request (libpcsclite writes its header and body apart) waits unread, as pcscd leaves it:
                    // closed on unread bytes, the connection is reset, which libpcsclite reports as the security violation.
                    var deadline = DateTime.UtcNow.AddSeconds(10);
                    while (connection.Available < VersionExchange.HeaderLength + VersionExchange.BodyLength && DateTime.UtcNow < deadline)
                    {
                        connection.Poll(10_000, SelectMode.SelectRead);
                        Thread.Sleep(1);
                    }
                    return;
                }
                var header = new byte[VersionExchange.HeaderLength];
                while (ReadExactly(connection, header))
                {
                    var (size, command) = VersionExchange.ReadHeader(header);
                    var body = new byte[Math.Min(size, 4096)];
                    if (!ReadExactly(connection, body) || !Answer(connection, command, body))
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The client went away, or the emulator was disposed.
        }
    }

    /// <summary>Answers one message; false closes the connection.</summary>
    private bool Answer(Socket connection, uint command, byte[] body)
    {
        switch (Misbehaviour)
        {
            case DaemonMisbehaviour.NeverAnswers:
                return true;
            case DaemonMisbehaviour.Garbage:
                connection.Send("GARBAGE!!!!!"u8);
                return true;
            case DaemonMisbehaviour.ShortAnswer:
                connection.Send(new byte[] { 4, 0, 0, 0, 4 });
                return false;
            case DaemonMisbehaviour.EndlessData:
                var chunk = new byte[65536];
                Array.Fill(chunk, (byte)0xFF);
                while (true)
                {
                    connection.Send(chunk);
                }
        }
        switch (command)
        {
            case VersionExchange.Command when body.Length == VersionExchange.BodyLength:
                var (major, minor, _) = VersionExchange.ReadBody(body);
                var verdict = _verdict(new Version(major, minor));
                if (verdict != PcscError.Success)
                {
                    lock (_log)
                    {
                        _log.Add($"Communication protocol mismatch! Client protocol is {major}:{minor}, Server protocol is {Protocol.Major}:{Protocol.Minor}");
                    }
                }
                connection.Send(VersionExchange.Body(Protocol, verdict));
                return true;
            case EstablishContext when body.Length == 12:
                // establish_struct {dwScope, hContext, rv}: a context number like pcscd's (random, below 2^31).
                BitConverter.TryWriteBytes(body.AsSpan(4), Random.Shared.Next(1, int.MaxValue));
                BitConverter.TryWriteBytes(body.AsSpan(8), 0u);
                connection.Send(body);
                return true;
            case ReleaseContext when body.Length == 8:
                BitConverter.TryWriteBytes(body.AsSpan(4), 0u);
                connection.Send(body);
                return true;
            default:
                return false;
        }
    }

    private static bool ReadExactly(Socket connection, byte[] buffer)
    {
        var received = 0;
        while (received < buffer.Length)
        {
            var count = connection.Receive(buffer, received, buffer.Length - received, SocketFlags.None);
            if (count == 0)
            {
                return false;
            }
            received += count;
        }
        return true;
    }
}
