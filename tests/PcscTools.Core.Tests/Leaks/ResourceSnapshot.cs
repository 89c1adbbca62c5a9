using PcscTools.Simulator.Daemon;

namespace PcscTools.Tests.Leaks;

/// <summary>
/// What a client holds, counted from outside its own bookkeeping: this process's open file descriptors
/// (/proc/self/fd), threads (/proc/self/task) and live managed memory, and pcscd's threads and descriptors,
/// which grow by one each per context it serves (one ContextThread and one socket per SCardEstablishContext).
/// </summary>
internal sealed record ResourceSnapshot(int FileDescriptors, int Threads, long ManagedBytes, int DaemonThreads, int DaemonFileDescriptors)
{
    public static ResourceSnapshot Take(PrivatePcscDaemon daemon)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return new ResourceSnapshot(
            Count("/proc/self/fd"),
            Count("/proc/self/task"),
            GC.GetTotalMemory(forceFullCollection: true),
            Count($"/proc/{daemon.ProcessId}/task"),
            Count($"/proc/{daemon.ProcessId}/fd"));
    }

    /// <summary>
    /// Takes snapshots until nothing exceeds <paramref name="baseline"/> by more than the slack, or the hang guard's
    /// time is up, and returns the last: pcscd ends a released context's thread a moment after the client closes it.
    /// </summary>
    public static ResourceSnapshot Settle(PrivatePcscDaemon daemon, ResourceSnapshot baseline, LeakSlack slack)
    {
        var snapshot = Take(daemon);
        SpinWait.SpinUntil(() => slack.Allows(baseline, snapshot = Take(daemon)), Faults.HangGuard.Limit);
        return snapshot;
    }

    private static int Count(string folder) => Directory.GetFileSystemEntries(folder).Length;
}

/// <summary>
/// How much a count may differ between two snapshots without being a leak: runtime housekeeping (thread-pool
/// threads, the GC's own allocations) moves a little; a leak of one item per cycle over thousands of cycles does not fit.
/// </summary>
internal sealed record LeakSlack(int FileDescriptors = 4, int Threads = 4, long ManagedBytes = 1 << 20, int DaemonThreads = 0, int DaemonFileDescriptors = 0)
{
    public bool Allows(ResourceSnapshot before, ResourceSnapshot after) => Problems(before, after).Count == 0;

    public IReadOnlyList<string> Problems(ResourceSnapshot before, ResourceSnapshot after)
    {
        var problems = new List<string>();
        Check("open file descriptors", before.FileDescriptors, after.FileDescriptors, FileDescriptors);
        Check("threads", before.Threads, after.Threads, Threads);
        Check("managed bytes", before.ManagedBytes, after.ManagedBytes, ManagedBytes);
        Check("pcscd threads (one per context)", before.DaemonThreads, after.DaemonThreads, DaemonThreads);
        Check("pcscd file descriptors (one per context)", before.DaemonFileDescriptors, after.DaemonFileDescriptors, DaemonFileDescriptors);
        return problems;

        void Check(string what, long was, long now, long allowed)
        {
            if (now - was > allowed)
            {
                problems.Add($"{what} grew from {was} to {now} (allowed +{allowed})");
            }
        }
    }

    public void AssertNoLeak(ResourceSnapshot before, ResourceSnapshot after, int cycles)
    {
        var problems = Problems(before, after);
        Assert.True(problems.Count == 0, $"After {cycles} cycles: {string.Join("; ", problems)}.");
    }
}
