using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.GlobalPlatform;
using PcscTools.Simulator.VirtualCard.GlobalPlatform;
using PcscTools.Tlv;

namespace PcscTools.Tests.GlobalPlatform;

public sealed class GpContentCommandTests
{
    private static readonly HexBytes Instance = new("F0 50 43 53 43 00 01 01 02");

    [Fact]
    public void Install_for_install_and_make_selectable_is_encoded_as_globalplatform_says()
    {
        var command = GpCommands.InstallAndMakeSelectable(GpCardContent.TestPackage, GpCardContent.TestModule, Instance, GpPrivileges.None, [0x01, 0x02]);

        Assert.Equal("80 E6 0C 00 23 07 F0 50 43 53 43 00 01 08 F0 50 43 53 43 00 01 01 09 F0 50 43 53 43 00 01 01 02 01 00 04 C9 02 01 02 00 00", command.ToString());
    }

    [Theory]
    [InlineData("A0 00 00")]
    [InlineData("A0 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")]
    public void An_aid_outside_5_to_16_bytes_is_refused_before_sending(string aid)
    {
        var e = Assert.Throws<ArgumentException>(() => GpCommands.Delete(new HexBytes(aid), related: false));

        Assert.Contains("an AID has 5 to 16", e.Message);
    }

    [Fact]
    public void An_installed_instance_is_listed_selectable_and_deleted_again()
    {
        var card = new VirtualSecurityDomain().Selected();

        Assert.Equal("9000", card.Transmit(GpCommands.InstallAndMakeSelectable(GpCardContent.TestPackage, GpCardContent.TestModule, Instance, GpPrivileges.None, [])).StatusWord);
        Assert.Equal("6985", card.Transmit(GpCommands.InstallAndMakeSelectable(GpCardContent.TestPackage, GpCardContent.TestModule, Instance, GpPrivileges.None, [])).StatusWord);
        Assert.Contains(GpStatus.Read(card.Transmit, GpStatusScope.Applications).Entries, e => e.Aid.Equals(Instance) && e.LifeCycle == "SELECTABLE");
        Assert.Equal("9000", card.Transmit(GpCommands.Delete(Instance, related: false)).StatusWord);
        Assert.Equal("6A88", card.Transmit(GpCommands.Delete(Instance, related: false)).StatusWord);
    }

    [Fact]
    public void A_package_with_instances_is_deleted_only_with_its_related_objects()
    {
        var card = new VirtualSecurityDomain().Selected();

        Assert.Equal("6985", card.Transmit(GpCommands.Delete(GpCardContent.TestPackage, related: false)).StatusWord);
        Assert.Equal("80 E4 00 80 09 4F 07 F0 50 43 53 43 00 01 00", GpCommands.Delete(GpCardContent.TestPackage, related: true).ToString());
        Assert.Equal("9000", card.Transmit(GpCommands.Delete(GpCardContent.TestPackage, related: true)).StatusWord);
        Assert.DoesNotContain(card.Card.GlobalPlatform.GetRegistry(), e => e.Aid.Equals(GpCardContent.TestApplication) || e.Aid.Equals(GpCardContent.TestPackage));
    }

    [Fact]
    public void Store_data_blocks_reach_the_application_being_personalised_in_order()
    {
        var card = new VirtualSecurityDomain().Selected();
        var records = new[] { new DgiRecord(0x0101, Hex.Parse("01 02 03")), new DgiRecord(0x0202, Enumerable.Range(0, 400).Select(i => (byte)i).ToArray()) };
        card.Transmit(new CommandApdu(0x80, 0xE6, 0x20, 0x00, [0x00, 0x00, (byte)GpCardContent.TestApplication.Length, .. GpCardContent.TestApplication.AsSpan(), 0x00, 0x00, 0x00]));

        foreach (var block in StoreDataBlocks.SplitRecords(records))
        {
            Assert.Equal("9000", card.Transmit(block).StatusWord);
        }

        var stored = card.Card.GlobalPlatform.StoredRecords(GpCardContent.TestApplication.Hex);
        Assert.Equal(records.Select(r => (r.Dgi, r.Value)), stored.Select(r => (r.Dgi, r.Value)));
        // A block out of order is refused.
        Assert.Equal("6A86", card.Transmit(new CommandApdu(0x80, 0xE2, 0x00, 0x05, [0x01])).StatusWord);
    }

    [Fact]
    public void The_security_domain_answers_select_with_its_fci_and_only_when_selected()
    {
        var card = new VirtualSecurityDomain();
        Assert.Equal("6D00", card.Transmit(GpCommands.GetData(0x9F7F)).StatusWord);

        var fci = card.Transmit(new CommandApdu(0x00, 0xA4, 0x04, 0x00, le: 0));

        Assert.Equal("9000", fci.StatusWord);
        Assert.Equal(GpCommands.IssuerSecurityDomainAid, fci.Tlv.Find(0x6F)!.Find(0x84)!.Value);
        Assert.Equal("Security domain management data", fci.Tlv.Find(0xA5)!.Find(0x73)!.Name);
        Assert.True(card.Card.GlobalPlatform.IsSecurityDomainSelected);
    }

    [Fact]
    public void Card_data_decodes_cplc_recognition_data_and_keys()
    {
        var card = new VirtualSecurityDomain().Selected();
        var refused = new List<string>();

        var data = GpCardData.Read(card.Transmit, (_, what) => refused.Add(what));

        Assert.Empty(refused);
        Assert.Equal(("4790", "NXP", "4791", "01020304"), (data.Cplc!.IcFabricator, data.Cplc.IcFabricatorName, data.Cplc.OperatingSystemId, data.Cplc.IcSerialNumber));
        Assert.Equal("2.3.1", data.GlobalPlatformVersion);
        Assert.Equal(["SCP03 i=70"], data.SecureChannelProtocols);
        Assert.Equal(3, data.Keys.Count);
        Assert.Equal((0x01, 0x30, "AES", 16), (data.Keys[0].KeyId, data.Keys[0].KeyVersion, data.Keys[0].Type, data.Keys[0].Length));
    }

    [Theory]
    [InlineData("5123", "2025-05-03")]   // day 123 of the latest year ending in 5
    [InlineData("6001", "2016-01-01")]   // 2026-01-01 would be after the day it is read
    [InlineData("0366", "2020-12-31")]   // a leap year's 366th day
    [InlineData("0000", null)]
    [InlineData("FFFF", null)]
    public void Cplc_dates_take_the_latest_decade_not_in_the_future(string raw, string? date)
    {
        var bytes = new byte[Cplc.Length];
        Hex.Parse(raw).CopyTo(bytes, 10);

        var cplc = Cplc.Decode(bytes, new DateOnly(2025, 12, 1));

        Assert.Equal(raw, cplc.IcFabricationDate.Raw);
        Assert.Equal(date, cplc.IcFabricationDate.Date?.ToString("yyyy-MM-dd"));
    }

    [Fact]
    public void Short_cplc_data_is_refused_with_what_was_given()
    {
        var e = Assert.Throws<FormatException>(() => Cplc.Decode(Hex.Parse("9F 7F 02 01 02")));

        Assert.Contains("the card gave 2", e.Message);
    }

    [Fact]
    public void Content_commands_need_an_authenticated_secure_channel_as_on_real_cards_and_get_data_does_not()
    {
        var card = new VirtualSecurityDomain().Selected();
        card.Card.GlobalPlatform.PlainContentCommands = false;

        Assert.False(card.Card.IsSecureChannelAuthenticated);
        Assert.Equal("6982", card.Transmit(GpCommands.GetStatus(GpStatusScope.Applications, tagged: true)).StatusWord);
        Assert.Equal("6982", card.Transmit(GpCommands.InstallAndMakeSelectable(GpCardContent.TestPackage, GpCardContent.TestModule, Instance, GpPrivileges.None, [])).StatusWord);
        Assert.Equal("6982", card.Transmit(GpCommands.Delete(GpCardContent.TestApplication, related: false)).StatusWord);
        Assert.Equal("6982", card.Transmit(StoreDataBlocks.Split([0x01, 0x02], 0x00)[0]).StatusWord);
        Assert.Equal("9000", card.Transmit(GpCommands.GetData(0x9F7F)).StatusWord);
        Assert.Equal("9000", card.Transmit(GpCommands.GetData(0x0066)).StatusWord);
        Assert.Equal("9000", card.Transmit(GpCommands.GetData(0x00E0)).StatusWord);
        Assert.Contains(card.Card.GlobalPlatform.GetRegistry(), e => e.Aid.Equals(GpCardContent.TestApplication));
    }
}
