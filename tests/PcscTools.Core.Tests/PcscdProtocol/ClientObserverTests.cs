using PcscTools.Errors;
using PcscTools.Interop;
using PcscTools.PcscdProtocol;
using PcscTools.Tests.Integration;

namespace PcscTools.Tests.PcscdProtocol;

[Collection(RealStackCollection.Name)]
public sealed class ClientObserverTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public void Debian_libpcsclite_announces_4_4_and_gives_up_after_a_rejection()
    {
        var library = PcscLibrary.CurrentPath;
        var seen = ClientProtocolObserver.Observe(library, InProcessClient.For(library), Timeout);
        Assert.Equal(new Version(4, 4), seen.Announced);
        Assert.Equal(false, seen.FallsBack);
        Assert.Equal(PcscError.ServiceStopped, seen.Returned);
    }

    [Fact]
    public void Observing_leaves_this_process_socket_variable_as_it_was()
    {
        var before = Environment.GetEnvironmentVariable(NativeEnvironment.SocketVariable);
        var library = PcscLibrary.CurrentPath;
        ClientProtocolObserver.Observe(library, InProcessClient.For(library), Timeout);
        Assert.Equal(before, Environment.GetEnvironmentVariable(NativeEnvironment.SocketVariable));
    }

    [Fact]
    public void An_emulated_2_4_1_client_is_seen_retrying_with_the_offered_minor()
    {
        var seen = ClientProtocolObserver.Observe("emulated 2.4.1", s => WireClient.Connect(s, new Version(4, 5), fallsBack: true), Timeout);
        Assert.Equal(new Version(4, 5), seen.Announced);
        Assert.Equal(true, seen.FallsBack);
        Assert.Equal(new Version(4, 4), seen.RetriedWith);
    }

    [Fact]
    public void A_client_that_never_connects_is_reported_within_the_timeout()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var seen = ClientProtocolObserver.Observe("nothing", _ => null, TimeSpan.FromMilliseconds(300));
        Assert.Null(seen.Announced);
        Assert.Contains("did not connect", seen.Detail);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void A_file_that_is_not_a_libpcsclite_cannot_be_loaded()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.ThrowsAny<Exception>(() => InProcessClient.For(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
