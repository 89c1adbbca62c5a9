using System.Diagnostics;

namespace PcscTools.GivingUp;

/// <summary>
/// The one thread in the process that gives watched calls up when their time comes (<see cref="CallGuard"/>). A thread
/// of its own rather than the thread pool's timers: in a host whose pool is busy (a test runner, ForEach-Object -Parallel), a
/// pool timer fires late by many times its period, and a limit must hold. It sleeps until the earliest give-up time, and is told
/// only when a call arrives with an earlier one, so a batch of calls with the same limit does not wake it per call.
/// </summary>
internal static class GiveUpClock
{
    private static readonly object Gate = new();
    private static readonly HashSet<CallGuard> Armed = new();
    private static long _wakeAt = long.MaxValue;
    private static Thread? _thread;

    /// <summary>Has <paramref name="guard"/> given up at <paramref name="giveUpAt"/> (Stopwatch ticks) unless disarmed first.</summary>
    public static void Arm(CallGuard guard, long giveUpAt)
    {
        lock (Gate)
        {
            Armed.Add(guard);
            _thread ??= Start();
            if (giveUpAt < _wakeAt)
            {
                _wakeAt = giveUpAt;
                Monitor.Pulse(Gate);
            }
        }
    }

    public static void Disarm(CallGuard guard)
    {
        lock (Gate)
        {
            Armed.Remove(guard);
        }
    }

    private static Thread Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "pcsctools give-up clock" };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        var due = new List<CallGuard>();
        while (true)
        {
            lock (Gate)
            {
                var now = Stopwatch.GetTimestamp();
                var next = long.MaxValue;
                foreach (var guard in Armed)
                {
                    var giveUpAt = guard.GiveUpAt;
                    if (giveUpAt <= now)
                    {
                        due.Add(guard);
                    }
                    else if (giveUpAt < next)
                    {
                        next = giveUpAt;
                    }
                }
                Armed.ExceptWith(due);
                _wakeAt = next;
                if (due.Count == 0)
                {
                    Monitor.Wait(Gate, next == long.MaxValue ? Timeout.InfiniteTimeSpan : Stopwatch.GetElapsedTime(now, next) + TimeSpan.FromMilliseconds(1));
                    continue;
                }
            }
            foreach (var guard in due)
            {
                guard.GiveUpIfDue();
            }
            due.Clear();
        }
    }
}
