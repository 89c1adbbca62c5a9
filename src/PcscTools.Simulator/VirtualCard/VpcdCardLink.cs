using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace PcscTools.Simulator.VirtualCard;

/// <summary>
/// Puts a <see cref="VirtualCard"/> into a vpcd reader slot: connecting to the slot's TCP port is inserting the
/// card, closing the connection is removing it. vpcd frames each message as a 2-byte big-endian length and the
/// bytes; a 1-byte message is control (0 power off, 1 power on, 2 reset, 4 get ATR), anything longer an APDU.
/// </summary>
public sealed class VpcdCardLink : IDisposable
{
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;

    private readonly Socket _socket;
    private readonly Thread _thread;

    private VpcdCardLink(VirtualCard card, Socket socket)
    {
        Card = card;
        _socket = socket;
        _thread = new Thread(Serve) { IsBackground = true, Name = "vpcd card link" };
        _thread.Start();
    }

    public VirtualCard Card { get; }

    /// <summary>Inserts <paramref name="card"/> into the vpcd slot listening on <paramref name="port"/>, retrying while vpcd starts up.</summary>
    public static VpcdCardLink Insert(VirtualCard card, int port, TimeSpan? connectTimeout = null)
    {
        var deadline = DateTime.UtcNow + (connectTimeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.NoDelay = true;
                socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
                return new VpcdCardLink(card, socket);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                Thread.Sleep(50);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    /// <summary>Removes the card: the connection closes and vpcd reports the slot empty.</summary>
    public void Dispose()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already closed by vpcd (pcscd stopped).
        }
        _socket.Close();
        // A slow card may still be working on a command: its thread ends when it tries to answer on the closed socket.
        // Waiting for it would make a card that never answers impossible to remove.
        if (Thread.CurrentThread != _thread && Card.ResponseDelay == TimeSpan.Zero)
        {
            _thread.Join();
        }
    }

    private void Serve()
    {
        var header = new byte[2];
        var message = new byte[ushort.MaxValue];
        try
        {
            while (ReceiveExactly(header) && BinaryPrimitives.ReadUInt16BigEndian(header) is var length && ReceiveExactly(message.AsSpan(0, length)))
            {
                var answer = Answer(message.AsSpan(0, length));
                if (answer is not null)
                {
                    Send(answer);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The card was removed or vpcd went away: the link simply ends.
        }
    }

    private byte[]? Answer(ReadOnlySpan<byte> message)
    {
        if (message.Length != 1)
        {
            // vpcd frames a message with a two-byte length; a longer answer (GET CHALLENGE with an extended Le of 0
            // asks for 65,536 bytes) would put the link out of frame for every later command.
            var answer = Card.Process(message);
            return answer.Length <= ushort.MaxValue ? answer : StatusWord.WrongLength;
        }
        switch (message[0])
        {
            case 1:
            case 2:
                Card.Reset();
                return null;
            case 4:
                return Card.Atr.ToArray();
            default:
                return null;
        }
    }

    private void Send(byte[] payload)
    {
        var frame = new byte[payload.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)payload.Length);
        payload.CopyTo(frame, 2);
        _socket.Send(frame);
    }

    private bool ReceiveExactly(Span<byte> buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            // vpcd writes the length and the APDU separately under Nagle, so its APDU waits for our ACK of the length.
            // Linux drops quick-ACK mode after each receive and each answer sent: re-arm it before every read,
            // or every APDU waits for the kernel's delayed ACK.
            _socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, BitConverter.GetBytes(1));
            var n = _socket.Receive(buffer[done..]);
            if (n == 0)
            {
                return false;
            }
            done += n;
        }
        return true;
    }
}
