namespace PcscTools.Tlv;

/// <summary>
/// The names of the tags a smart-card user meets: ISO/IEC 7816-4 FCI and FCP, GlobalPlatform card data (66/73), key
/// information (E0/C0), registry entries (E3) and CPLC (9F7F). Context-specific tags mean different things in different
/// templates, so a name is looked up under the enclosing tag first.
/// </summary>
internal static class TlvNames
{
    private static readonly Dictionary<uint, string> Anywhere = new()
    {
        [0x06] = "Object identifier",
        [0x42] = "Issuer identification number",
        [0x45] = "Card image number",
        [0x4F] = "Application identifier (AID)",
        [0x50] = "Application label",
        [0x53] = "Discretionary data",
        [0x5F2D] = "Language preference",
        [0x61] = "Application template",
        [0x62] = "File control parameters (FCP)",
        [0x64] = "File management data (FMD)",
        [0x66] = "Card data (GlobalPlatform)",
        [0x6F] = "File control information (FCI)",
        [0x73] = "Discretionary data objects",
        [0x84] = "DF name",
        [0x9F65] = "Maximum length of command data field",
        [0x9F6E] = "Application production life cycle data",
        [0x9F70] = "Life cycle state",
        [0x9F7F] = "Card production life cycle data (CPLC)",
        [0xA5] = "Proprietary information (FCI)",
        [0xC0] = "Key information data",
        [0xE0] = "Key information template",
        [0xE3] = "GlobalPlatform registry entry",
        [0xEA] = "Security domain management data",
    };

    private static readonly Dictionary<(uint Parent, uint Tag), string> InTemplate = new()
    {
        // ISO/IEC 7816-4 FCP (62).
        [(0x62, 0x80)] = "File size (data bytes)",
        [(0x62, 0x81)] = "File size (total)",
        [(0x62, 0x82)] = "File descriptor",
        [(0x62, 0x83)] = "File identifier",
        [(0x62, 0x84)] = "DF name",
        [(0x62, 0x85)] = "Proprietary information",
        [(0x62, 0x88)] = "Short EF identifier",
        [(0x62, 0x8A)] = "Life cycle status",
        [(0x62, 0x8C)] = "Security attributes (compact)",
        [(0x6F, 0x80)] = "File size (data bytes)",
        [(0x6F, 0x82)] = "File descriptor",
        [(0x6F, 0x83)] = "File identifier",
        [(0x6F, 0x88)] = "Short EF identifier",
        // GlobalPlatform: security domain management data in the FCI, card recognition data.
        [(0xA5, 0x73)] = "Security domain management data",
        [(0xA5, 0x9F6E)] = "Application production life cycle data",
        [(0xA5, 0x9F65)] = "Maximum length of command data field",
        [(0x66, 0x73)] = "Card recognition data",
        [(0x73, 0x06)] = "Card recognition data OID",
        [(0x73, 0x60)] = "Card management type and version",
        [(0x73, 0x63)] = "Card identification scheme",
        [(0x73, 0x64)] = "Secure channel protocol and options",
        [(0x73, 0x65)] = "Card configuration details",
        [(0x73, 0x66)] = "Card and chip details",
        [(0x73, 0x67)] = "Issuer security domain trust point certificate",
        [(0x73, 0x68)] = "Issuer security domain certificate",
        // GlobalPlatform registry entry (GET STATUS, tag-based format).
        [(0xE3, 0x4F)] = "AID",
        [(0xE3, 0x84)] = "Executable module AID",
        [(0xE3, 0x9F70)] = "Life cycle state",
        [(0xE3, 0xC4)] = "Executable load file AID",
        [(0xE3, 0xC5)] = "Privileges",
        [(0xE3, 0xCC)] = "Associated security domain AID",
        [(0xE3, 0xCE)] = "Executable load file version",
        [(0xE3, 0xCF)] = "Implicit selection parameter",
    };

    public static string? Find(TlvTag? parent, TlvTag tag) =>
        parent is { } p && InTemplate.TryGetValue((p.Value, tag.Value), out var inside) ? inside
        : Anywhere.TryGetValue(tag.Value, out var name) ? name : null;
}
