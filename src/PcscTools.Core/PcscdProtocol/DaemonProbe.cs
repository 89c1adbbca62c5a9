using System.Net;
using System.Net.Sockets;
using PcscTools.Bytes;
using PcscTools.Errors;
using PcscTools.Interop;

namespace PcscTools.PcscdProtocol;

/// <summary>
/// Asks pcscd which protocol it speaks and whether it accepts a client, by sending exactly the CMD_VERSION
/// exchange libpcsclite sends (and, for a 2.4.1+ client, its retry) and nothing else. Every step is bounded by
/// one timeout, and at most one version_struct is read per exchange, whatever the peer sends.
/// A daemon that rejects the version logs it at its default level ("Communication protocol mismatch!").
/// </summary>
public static class DaemonProbe
{
    /// <param name="client">The version the client library announces.</param>
    /// <param name="clientFallsBack">Whether that library retries with the daemon's minor after a rejection (2.4.1+).</param>
    public static DaemonProbeResult Probe(string socketPath, Version client, bool clientFallsBack, TimeSpan timeout, CancellationToken cancel = default)
    {
        UnixFileKind kind;
        try
        {
            kind = UnixFile.KindOf(socketPath);
        }
        catch (IOException e)
        {
            return new(DaemonProbeOutcome.SocketMissing, socketPath, UnixFileKind.Missing, Detail: e.Message);
        }
        switch (kind)
        {
            case UnixFileKind.Missing:
                return new(DaemonProbeOutcome.SocketMissing, socketPath, kind);
            case UnixFileKind.AccessDenied:
                return new(DaemonProbeOutcome.PermissionDenied, socketPath, kind, Detail: "a folder on the way may not be searched");
            case not UnixFileKind.Socket:
                return new(DaemonProbeOutcome.NotASocket, socketPath, kind);
        }
        var deadline = new ProbeDeadline(timeout, cancel);
        try
        {
            return Exchange(socketPath, client, clientFallsBack, deadline);
        }
        catch (TimeoutException)
        {
            return new(DaemonProbeOutcome.NoAnswer, socketPath, kind, Detail: $"nothing within {timeout.TotalSeconds:0.###} s");
        }
    }

    // Synchronous on purpose: waiting on the thread pool for the socket's answer made the timeout late by seconds
    // whenever the pool was busy, and a diagnosis must answer on time.
    private static DaemonProbeResult Exchange(string socketPath, Version client, bool clientFallsBack, ProbeDeadline deadline)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
        try
        {
            Connect(socket, new UnixDomainSocketEndPoint(socketPath), deadline);
        }
        catch (ArgumentOutOfRangeException)
        {
            // sockaddr_un holds 108 bytes; libpcsclite would cut the path short and miss the socket too.
            return new(DaemonProbeOutcome.SocketMissing, socketPath, UnixFileKind.Socket, Detail: "the path is too long for a Unix socket address (107 bytes at most)");
        }
        catch (SocketException e)
        {
            var outcome = e.SocketErrorCode switch
            {
                SocketError.AccessDenied => DaemonProbeOutcome.PermissionDenied,
                SocketError.AddressNotAvailable => DaemonProbeOutcome.SocketMissing,
                _ => DaemonProbeOutcome.NotListening,
            };
            return new(outcome, socketPath, UnixFileKind.Socket, Detail: e.Message);
        }
        var first = Ask(socket, client, deadline);
        if (first.Failure is { } failure)
        {
            return failure with { SocketPath = socketPath };
        }
        var (protocol, verdict) = (first.Protocol!, first.Verdict!.Value);
        var retry = FallbackRule.RetryVersion(clientFallsBack, protocol, verdict);
        var final = verdict;
        if (retry is not null)
        {
            var second = Ask(socket, retry, deadline);
            if (second.Failure is { } retryFailure)
            {
                return retryFailure with { SocketPath = socketPath, Protocol = protocol, Sent = client, FirstVerdict = verdict, RetriedWith = retry };
            }
            final = second.Verdict!.Value;
        }
        return new(DaemonProbeOutcome.Answered, socketPath, UnixFileKind.Socket, protocol, client, verdict, retry, final);
    }

    /// <summary>A Unix socket's connect does not wait in non-blocking mode: a listener whose queue is full answers EAGAIN, so try again until the deadline.</summary>
    private static void Connect(Socket socket, EndPoint endPoint, ProbeDeadline deadline)
    {
        while (true)
        {
            try
            {
                socket.Connect(endPoint);
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain)
            {
                deadline.Pause();
            }
        }
    }

    private sealed record Answer(Version? Protocol, PcscError? Verdict, DaemonProbeResult? Failure);

    private static Answer Ask(Socket socket, Version client, ProbeDeadline deadline)
    {
        try
        {
            deadline.Send(socket, VersionExchange.Request(client));
        }
        catch (SocketException e)
        {
            return Failed(DaemonProbeOutcome.Closed, $"sending failed: {e.Message}");
        }
        var body = new byte[VersionExchange.BodyLength];
        var received = 0;
        while (received < body.Length)
        {
            int count;
            try
            {
                deadline.WaitFor(socket, SelectMode.SelectRead);
                count = socket.Receive(body.AsSpan(received));
            }
            catch (SocketException e)
            {
                count = 0;
                if (received == 0)
                {
                    return Failed(DaemonProbeOutcome.Closed, e.Message);
                }
            }
            catch (TimeoutException) when (received > 0)
            {
                return Failed(DaemonProbeOutcome.BadAnswer, $"a short answer of {received} bytes ({Hex.Format(body.AsSpan(0, received))}), then nothing");
            }
            if (count == 0)
            {
                return received == 0
                    ? Failed(DaemonProbeOutcome.Closed, "the connection was closed without an answer")
                    : Failed(DaemonProbeOutcome.BadAnswer, $"a short answer of {received} bytes ({Hex.Format(body.AsSpan(0, received))}), then the connection was closed");
            }
            received += count;
        }
        var (major, minor, rv) = VersionExchange.ReadBody(body);
        var verdict = (PcscError)rv;
        if (major != 4 || minor is < 0 or > 99 || verdict is not (PcscError.Success or PcscError.NoService or PcscError.ServiceStopped))
        {
            return Failed(DaemonProbeOutcome.BadAnswer, $"an answer that is not a pcsc-lite 4.x version_struct ({Hex.Format(body)})");
        }
        return new Answer(new Version(major, minor), verdict, null);
    }

    private static Answer Failed(DaemonProbeOutcome outcome, string detail) =>
        new(null, null, new DaemonProbeResult(outcome, "", UnixFileKind.Socket, Detail: detail));
}
