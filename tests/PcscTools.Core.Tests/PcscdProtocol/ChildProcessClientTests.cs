using PcscTools.PcscdProtocol;

namespace PcscTools.Tests.PcscdProtocol;

public sealed class ChildProcessClientTests
{
    [Fact]
    public void Pcsc_scan_in_a_child_process_is_seen_announcing_debian_libpcsclite_4_4()
    {
        var pcscScan = new ChildProcessClient("pcsc_scan", ["-n"], TimeSpan.FromSeconds(5));
        var seen = ClientProtocolObserver.Observe(pcscScan.ToString(), pcscScan.Connect, TimeSpan.FromSeconds(5));
        Assert.Equal("pcsc_scan -n", seen.Library);
        Assert.Equal(new Version(4, 4), seen.Announced);
        Assert.Equal(false, seen.FallsBack);
    }

    [Fact]
    public void A_child_process_that_does_not_end_is_killed_after_its_timeout()
    {
        var sleeper = new ChildProcessClient("sleep", ["30"], TimeSpan.FromMilliseconds(300));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var seen = ClientProtocolObserver.Observe(sleeper.ToString(), sleeper.Connect, TimeSpan.FromMilliseconds(300));
        Assert.Null(seen.Announced);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }
}
