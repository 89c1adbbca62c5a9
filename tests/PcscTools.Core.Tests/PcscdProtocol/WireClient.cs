using System.Net.Sockets;
using PcscTools.Errors;
using PcscTools.PcscdProtocol;

namespace PcscTools.Tests.PcscdProtocol;

/// <summary>
/// An emulated libpcsclite 2.4.1+ on the wire, for the fallback no library installed here has: announces
/// its version, and after a SCARD_E_SERVICE_STOPPED from a 4.4+ daemon retries with the daemon's minor.
/// </summary>
internal static class WireClient
{
    public static PcscError? Connect(string socketPath, Version announce, bool fallsBack)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        socket.ReceiveTimeout = 2000;
        var (daemon, verdict) = Ask(socket, announce);
        var retry = FallbackRule.RetryVersion(fallsBack, daemon, verdict);
        return retry is null ? verdict : Ask(socket, retry).Verdict;
    }

    private static (Version Daemon, PcscError Verdict) Ask(Socket socket, Version version)
    {
        socket.Send(VersionExchange.Request(version));
        var body = new byte[VersionExchange.BodyLength];
        var received = 0;
        while (received < body.Length)
        {
            var count = socket.Receive(body, received, body.Length - received, SocketFlags.None);
            if (count == 0)
            {
                return (new Version(0, 0), PcscError.CommError);
            }
            received += count;
        }
        var (major, minor, rv) = VersionExchange.ReadBody(body);
        return (new Version(major, minor), (PcscError)rv);
    }
}
