using PcscTools.GlobalPlatform;

namespace PcscTools.Tests.GlobalPlatform;

public sealed class CplcTests
{
    [Theory]
    [InlineData(0x40, 0x90, "Infineon")]
    [InlineData(0x47, 0x90, "NXP")]
    [InlineData(0x40, 0x70, "NXP")]
    [InlineData(0x20, 0x50, "Philips")]
    [InlineData(0x41, 0x80, "Atmel")]
    [InlineData(0x42, 0x50, "Samsung")]
    [InlineData(0x30, 0x60, "Renesas")]
    [InlineData(0x53, 0x54, "STMicroelectronics")]
    [InlineData(0x12, 0x34, null)]
    public void The_ic_fabricator_is_named_when_it_is_a_common_one(byte high, byte low, string? name)
    {
        var bytes = new byte[Cplc.Length];
        (bytes[0], bytes[1]) = (high, low);
        var cplc = Cplc.Decode(bytes);
        Assert.Equal(name, cplc.IcFabricatorName);
        Assert.Equal($"{high:X2}{low:X2}", cplc.IcFabricator);
    }
}
