using System.Net.Sockets;

namespace PcscTools.Tests.PcscdProtocol;

/// <summary>
/// A hostile stand-in for pcscd's socket: it answers every connection with whatever bytes it is told (any length, or a
/// flood without end) and keeps every byte each client sent it, so a test can tell exactly what a client put on the wire.
/// </summary>
internal sealed class ScriptedReplyListener : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("pcsctools-hostile-");
    private readonly List<byte[]> _received = [];
    private readonly Thread _accepting;

    public ScriptedReplyListener()
    {
        SocketPath = Path.Combine(_folder.FullName, "pcscd.comm");
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        _accepting = new Thread(Accept) { IsBackground = true, Name = "hostile listener" };
        _accepting.Start();
    }

    public string SocketPath { get; }

    /// <summary>What the next connections get, once the client has sent its first byte.</summary>
    public byte[] Reply { get; set; } = [];

    /// <summary>Send <see cref="Reply"/> over and over until the client goes away, instead of once.</summary>
    public bool Flood { get; set; }

    /// <summary>How many bytes went out in all (a flood keeps counting until the client closes).</summary>
    public long BytesSent => Interlocked.Read(ref _sent);

    private long _sent;

    /// <summary>Everything each finished connection sent, in the order the connections ended.</summary>
    public IReadOnlyList<byte[]> Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToArray();
            }
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _accepting.Join();
        _folder.Delete(recursive: true);
    }

    private void Accept()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            Serve(client, Reply, Flood);
        }
    }

    /// <summary>One connection at a time, on the accepting thread: a probe waits for its answer anyway.</summary>
    private void Serve(Socket client, byte[] reply, bool flood)
    {
        using (client)
        {
            var sent = new MemoryStream();
            var buffer = new byte[4096];
            try
            {
                var count = client.Receive(buffer);
                sent.Write(buffer, 0, count);
                do
                {
                    Interlocked.Add(ref _sent, client.Send(reply));
                }
                while (flood && reply.Length > 0);
            }
            catch (SocketException)
            {
                // The client closed while we were still sending.
            }
            try
            {
                // Keep whatever else the client sends, until it closes.
                client.Shutdown(SocketShutdown.Send);
                int count;
                while ((count = client.Receive(buffer)) > 0)
                {
                    sent.Write(buffer, 0, count);
                }
            }
            catch (SocketException)
            {
                // Reset by the client: what it sent is already kept.
            }
            lock (_received)
            {
                _received.Add(sent.ToArray());
            }
        }
    }
}
