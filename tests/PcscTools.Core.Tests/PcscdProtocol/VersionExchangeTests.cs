using PcscTools.Bytes;
using PcscTools.Errors;
using PcscTools.PcscdProtocol;

namespace PcscTools.Tests.PcscdProtocol;

public sealed class VersionExchangeTests
{
    [Fact]
    public void A_request_is_the_bytes_libpcsclite_1_9_9_sends()
    {
        // Captured from Debian's 1.9.9 client on a stand-in socket (research/pcsc-protocol.md §1.3).
        Assert.Equal("0C 00 00 00 11 00 00 00 04 00 00 00 04 00 00 00 00 00 00 00", Hex.Format(VersionExchange.Request(new Version(4, 4))));
    }

    [Fact]
    public void An_answer_carries_major_minor_and_rv_in_host_order()
    {
        var body = VersionExchange.Body(new Version(4, 5), PcscError.ServiceStopped);
        Assert.Equal("04 00 00 00 05 00 00 00 1E 00 10 80", Hex.Format(body));
        Assert.Equal((4, 5, 0x8010001Eu), VersionExchange.ReadBody(body));
    }
}
