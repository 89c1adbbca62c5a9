using PcscTools.Apdu;
using PcscTools.Bytes;

namespace PcscTools.GlobalPlatform;

/// <summary>The GlobalPlatform card content commands (Card Specification chapter 11), as command APDUs in class 80.</summary>
public static class GpCommands
{
    public const byte Cla = 0x80;
    public const byte GetStatusIns = 0xF2;
    public const byte GetDataIns = 0xCA;
    public const byte InstallIns = 0xE6;
    public const byte DeleteIns = 0xE4;
    public const byte StoreDataIns = 0xE2;

    /// <summary>The issuer security domain's AID on most cards (GlobalPlatform's RID A000000151 and 000000).</summary>
    public static readonly HexBytes IssuerSecurityDomainAid = new("A0 00 00 01 51 00 00 00");

    /// <summary>GET STATUS of everything in <paramref name="scope"/> (search criteria 4F 00); <paramref name="next"/> asks for the rest after 63 10.</summary>
    public static CommandApdu GetStatus(GpStatusScope scope, bool tagged, bool next = false) =>
        new(Cla, GetStatusIns, (byte)scope, (byte)((tagged ? 0x02 : 0x00) | (next ? 0x01 : 0x00)), [0x4F, 0x00], le: 0);

    /// <summary>GET DATA of a one- or two-byte tag: 9F7F CPLC, 0066 card recognition data, 00E0 key information.</summary>
    public static CommandApdu GetData(ushort tag) => new(Cla, GetDataIns, (byte)(tag >> 8), (byte)tag, le: 0);

    /// <summary>
    /// INSTALL [for install and make selectable] (P1 = 0C): an instance of <paramref name="module"/> from <paramref name="loadFile"/>
    /// under the AID <paramref name="instance"/>. <paramref name="parameters"/> go in the application-specific field C9; no token.
    /// </summary>
    public static CommandApdu InstallAndMakeSelectable(HexBytes loadFile, HexBytes module, HexBytes instance, GpPrivileges privileges, ReadOnlySpan<byte> parameters)
    {
        if (parameters.Length > 0x7F)
        {
            throw new ArgumentException($"The install parameters hold {parameters.Length} bytes; at most 127 fit in the C9 field.", nameof(parameters));
        }
        RequireAid(loadFile, "load file");
        RequireAid(module, "module");
        RequireAid(instance, "instance");
        var privilegeBytes = GpRegistry.EncodePrivileges(privileges);
        var data = new List<byte>();
        AddWithLength(data, loadFile.AsSpan());
        AddWithLength(data, module.AsSpan());
        AddWithLength(data, instance.AsSpan());
        AddWithLength(data, privilegeBytes);
        AddWithLength(data, [0xC9, (byte)parameters.Length, .. parameters]);
        data.Add(0x00); // no install token
        return new CommandApdu(Cla, InstallIns, 0x0C, 0x00, data.ToArray(), le: 0);
    }

    /// <summary>INSTALL [for personalization] (P1 = 20): the STORE DATA commands that follow go to <paramref name="application"/>.</summary>
    public static CommandApdu InstallForPersonalization(HexBytes application)
    {
        RequireAid(application, "application");
        return new CommandApdu(Cla, InstallIns, 0x20, 0x00, [0x00, 0x00, (byte)application.Length, .. application.AsSpan(), 0x00, 0x00, 0x00]);
    }

    /// <summary>DELETE of one card content entry (P2 = 80 also deletes its related objects: a load file's applications).</summary>
    public static CommandApdu Delete(HexBytes aid, bool related)
    {
        RequireAid(aid, "entry");
        return new CommandApdu(Cla, DeleteIns, 0x00, related ? (byte)0x80 : (byte)0x00, [0x4F, (byte)aid.Length, .. aid.AsSpan()], le: 0);
    }

    /// <summary>A SELECT by AID, first or only occurrence, asking for the FCI.</summary>
    public static CommandApdu Select(HexBytes aid) => new(0x00, 0xA4, 0x04, 0x00, aid.AsSpan(), le: 0);

    /// <summary>ISO/IEC 7816-5: an AID has 5 to 16 bytes.</summary>
    private static void RequireAid(HexBytes aid, string role)
    {
        if (aid.Length is < 5 or > 16)
        {
            throw new ArgumentException($"The {role} AID '{aid}' has {aid.Length} byte(s); an AID has 5 to 16.", role);
        }
    }

    private static void AddWithLength(List<byte> data, ReadOnlySpan<byte> field)
    {
        data.Add((byte)field.Length);
        data.AddRange(field);
    }
}
