using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.GlobalPlatform;
using PcscTools.Simulator.VirtualCard.GlobalPlatform;

namespace PcscTools.Tests.GlobalPlatform;

public sealed class GpStatusTests
{
    [Fact]
    public void The_tag_based_format_lists_the_registry_with_names()
    {
        var card = new VirtualSecurityDomain().Selected();

        var isd = Assert.Single(GpStatus.Read(card.Transmit, GpStatusScope.IssuerSecurityDomain).Entries);
        var apps = GpStatus.Read(card.Transmit, GpStatusScope.Applications);
        var packages = GpStatus.Read(card.Transmit, GpStatusScope.LoadFilesAndModules);

        Assert.Equal(GpContentKind.IssuerSecurityDomain, isd.Kind);
        Assert.Equal("SECURED", isd.LifeCycle);
        Assert.True(isd.Privileges.HasFlag(GpPrivileges.SecurityDomain | GpPrivileges.CardTerminate | GpPrivileges.GlobalDelete));
        Assert.True(apps.IsTagBased);
        var app = Assert.Single(apps.Entries);
        Assert.Equal((GpContentKind.Application, "SELECTABLE"), (app.Kind, app.LifeCycle));
        Assert.Equal(GpCardContent.TestPackage, app.LoadFile);
        Assert.Equal(GpCommands.IssuerSecurityDomainAid, app.AssociatedSecurityDomain);
        Assert.Equal(3, packages.Entries.Count);
        var test = packages.Entries.Single(p => p.Aid.Equals(GpCardContent.TestPackage));
        Assert.Equal(("LOADED", "1.0"), (test.LifeCycle, test.Version));
        Assert.Equal([GpCardContent.TestModule], test.Modules);
    }

    [Fact]
    public void More_data_63_10_is_followed_up_with_next_until_9000()
    {
        var card = new VirtualSecurityDomain().Selected();
        card.Card.GlobalPlatform.StatusEntriesPerAnswer = 1;

        var packages = GpStatus.Read(card.Transmit, GpStatusScope.LoadFiles);

        Assert.Equal(3, packages.Entries.Count);
        Assert.Equal(["80 F2 20 02 02 4F 00 00", "80 F2 20 03 02 4F 00 00", "80 F2 20 03 02 4F 00 00"], card.Received.Skip(1));
    }

    [Fact]
    public void A_card_without_the_tag_based_format_is_read_in_the_legacy_one()
    {
        var card = new VirtualSecurityDomain().Selected();
        card.Card.GlobalPlatform.TagBasedStatus = false;
        card.Card.GlobalPlatform.StatusEntriesPerAnswer = 2;

        var packages = GpStatus.Read(card.Transmit, GpStatusScope.LoadFilesAndModules);
        var apps = GpStatus.Read(card.Transmit, GpStatusScope.Applications);

        Assert.False(packages.IsTagBased);
        Assert.Equal(["80 F2 10 02 02 4F 00 00", "80 F2 10 00 02 4F 00 00", "80 F2 10 01 02 4F 00 00"], card.Received.Skip(1).Take(3));
        Assert.Equal([GpCardContent.TestModule], packages.Entries.Single(p => p.Aid.Equals(GpCardContent.TestPackage)).Modules);
        Assert.Equal("SELECTABLE", Assert.Single(apps.Entries).LifeCycle);
    }

    [Fact]
    public void Legacy_entries_parse_one_byte_privileges_and_module_lists()
    {
        var problems = new List<PcscTools.Tlv.TlvProblem>();

        var entries = GpRegistry.ParseLegacy(GpStatusScope.LoadFilesAndModules, Hex.Parse("05 A0 00 00 00 01 01 00 02 06 A0 00 00 00 01 01 05 A0 00 00 00 02"), problems);
        var sd = GpRegistry.ParseLegacy(GpStatusScope.Applications, Hex.Parse("05 A0 00 00 00 09 0F 80"), problems);

        Assert.Empty(problems);
        Assert.Equal(["A000000001 01", "A000000002"], entries[0].Modules.Select(m => m.ToString().Replace(" ", "")).Select(m => m.Length > 10 ? m[..10] + " " + m[10..] : m));
        Assert.Equal((GpContentKind.SecurityDomain, GpPrivileges.SecurityDomain, "PERSONALIZED"), (sd[0].Kind, sd[0].Privileges, sd[0].LifeCycle));
    }

    [Fact]
    public void A_broken_answer_keeps_the_entries_before_it_and_says_where()
    {
        var problems = new List<PcscTools.Tlv.TlvProblem>();

        // The second E3 announces more bytes than follow (as some cards send).
        var entries = GpRegistry.ParseTagged(GpStatusScope.Applications, Hex.Parse("E3 0B 4F 05 A0 00 00 00 01 9F 70 01 07  E3 20 4F 05 A0"), problems);
        var legacy = GpRegistry.ParseLegacy(GpStatusScope.Applications, Hex.Parse("05 A0 00 00 00 01 07 00  08 A0 00"), problems);

        Assert.Equal("A0 00 00 00 01", Assert.Single(entries).Aid.ToString());
        Assert.Single(legacy);
        Assert.Equal([13, 8], problems.Select(p => p.Offset));
        Assert.Equal("tag E3 announces 32 value byte(s) but only 3 follow", problems[0].Reason);
    }

    [Fact]
    public void Nothing_in_scope_is_an_empty_list_and_a_refusal_an_error()
    {
        var card = new VirtualSecurityDomain().Selected();
        card.Transmit(GpCommands.Delete(GpCardContent.TestApplication, related: false));
        Assert.Empty(GpStatus.Read(card.Transmit, GpStatusScope.Applications).Entries);

        // Without PlainContentCommands the card wants an authenticated secure channel, which this one has not.
        card.Card.GlobalPlatform.PlainContentCommands = false;
        var e = Assert.Throws<UnexpectedStatusException>(() => GpStatus.Read(card.Transmit, GpStatusScope.Applications));
        Assert.Equal("6982", e.Response.StatusWord);
    }

    [Fact]
    public void Privileges_take_one_byte_when_the_other_two_are_zero()
    {
        Assert.Equal(Hex.Parse("80"), GpRegistry.EncodePrivileges(GpPrivileges.SecurityDomain));
        Assert.Equal(Hex.Parse("80 10 00"), GpRegistry.EncodePrivileges(GpPrivileges.SecurityDomain | GpPrivileges.GlobalDelete));
        Assert.Equal(GpPrivileges.SecurityDomain | GpPrivileges.GlobalDelete, GpRegistry.ReadPrivileges(Hex.Parse("80 10 00")));
    }
}
