using System.Diagnostics;
using System.Net.Sockets;

namespace PcscTools.PcscdProtocol;

/// <summary>
/// The one time limit over all the steps of a probe, and the caller's cancellation: waits on a socket in short slices,
/// so that a cancel is seen promptly, and throws <see cref="TimeoutException"/> once the time is up.
/// </summary>
internal sealed class ProbeDeadline(TimeSpan timeout, CancellationToken cancel)
{
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(20);

    private readonly long _started = Stopwatch.GetTimestamp();

    private TimeSpan Remaining => timeout - Stopwatch.GetElapsedTime(_started);

    /// <summary>Returns once <paramref name="socket"/> is ready for <paramref name="mode"/> (or has failed, which the next call on it reports).</summary>
    public void WaitFor(Socket socket, SelectMode mode)
    {
        while (!socket.Poll(NextSlice(), mode))
        {
        }
    }

    /// <summary>Sends all of <paramref name="message"/>, waiting for room in the socket's buffer until the deadline.</summary>
    public void Send(Socket socket, byte[] message)
    {
        for (var sent = 0; sent < message.Length; sent += socket.Send(message.AsSpan(sent)))
        {
            WaitFor(socket, SelectMode.SelectWrite);
        }
    }

    /// <summary>Waits one slice before a step is tried again.</summary>
    public void Pause()
    {
        if (cancel.WaitHandle.WaitOne(NextSlice()))
        {
            cancel.ThrowIfCancellationRequested();
        }
    }

    private TimeSpan NextSlice()
    {
        cancel.ThrowIfCancellationRequested();
        var remaining = Remaining;
        if (remaining <= TimeSpan.Zero)
        {
            throw new TimeoutException();
        }
        return remaining < Slice ? remaining : Slice;
    }
}
