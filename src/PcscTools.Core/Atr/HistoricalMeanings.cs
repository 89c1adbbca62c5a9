namespace PcscTools.Atr;

/// <summary>The words for compact-TLV tags and the bit tables of ISO/IEC 7816-4 (card service data, card capabilities, life cycle status).</summary>
internal static class HistoricalMeanings
{
    public static (string Name, IReadOnlyList<string> Meanings) Describe(int tag, byte[] value) => tag switch
    {
        0x1 => ("country code (ISO 3166-1)", []),
        0x2 => ("issuer identification number (ISO/IEC 7812-1)", []),
        0x3 => ("card service data", value.Length > 0 ? CardServiceData(value[0]) : []),
        0x4 => ("initial access data", []),
        0x5 => ("card issuer's data", []),
        0x6 => ("pre-issuing data", []),
        0x7 => ("card capabilities", CardCapabilities(value)),
        0x8 => ("status indicator", StatusIndicator(value)),
        0xF => ("application identifier", []),
        _ => ("unknown", []),
    };

    public static string LifeCycle(byte lcs) => lcs switch
    {
        > 0x0F => "Proprietary",
        0x00 => "No information given",
        0x01 => "Creation state",
        0x03 => "Initialisation state",
        0x04 or 0x06 => "Operational state (deactivated)",
        0x05 or 0x07 => "Operational state (activated)",
        >= 0x0C => "Termination state",
        _ => "unknown",
    };

    private static List<string> CardServiceData(byte b)
    {
        var meanings = new List<string>();
        AddIf(meanings, b, 0x80, "Application selection: by full DF name");
        AddIf(meanings, b, 0x40, "Application selection: by partial DF name");
        AddIf(meanings, b, 0x20, "BER-TLV data objects available in EF.DIR");
        AddIf(meanings, b, 0x10, "BER-TLV data objects available in EF.ATR");
        meanings.Add("EF.DIR and EF.ATR access services: " + ((b >> 1) & 7) switch
        {
            4 => "by READ BINARY command",
            2 => "by GET DATA command",
            0 => "by GET RECORD(s) command",
            _ => "reserved for future use",
        });
        meanings.Add((b & 1) != 0 ? "Card without MF" : "Card with MF");
        return meanings;
    }

    private static List<string> CardCapabilities(byte[] value)
    {
        var meanings = new List<string>();
        if (value.Length >= 1)
        {
            var sm = value[0];
            AddIf(meanings, sm, 0x80, "DF selection by full DF name");
            AddIf(meanings, sm, 0x40, "DF selection by partial DF name");
            AddIf(meanings, sm, 0x20, "DF selection by path");
            AddIf(meanings, sm, 0x10, "DF selection by file identifier");
            AddIf(meanings, sm, 0x08, "Implicit DF selection");
            AddIf(meanings, sm, 0x04, "Short EF identifier supported");
            AddIf(meanings, sm, 0x02, "Record number supported");
            AddIf(meanings, sm, 0x01, "Record identifier supported");
        }
        if (value.Length >= 2)
        {
            var dc = value[1];
            AddIf(meanings, dc, 0x80, "EF of TLV structure supported");
            meanings.Add("Behaviour of write functions: " + ((dc >> 5) & 3) switch { 0 => "one-time write", 1 => "proprietary", 2 => "write OR", _ => "write AND" });
            meanings.Add("Value 'FF' for the first byte of BER-TLV tag fields: " + ((dc & 0x10) != 0 ? "valid" : "invalid"));
            meanings.Add($"Data unit in quartets: {1 << (dc & 0xF)}");
        }
        if (value.Length >= 3)
        {
            var cc = value[2];
            AddIf(meanings, cc, 0x80, "Command chaining");
            AddIf(meanings, cc, 0x40, "Extended Lc and Le fields");
            meanings.Add("Logical channel number assignment: " + ((cc >> 3) & 3) switch
            {
                0 => "no logical channel",
                1 => "by the interface device",
                2 => "by the card",
                _ => "by the interface device and card",
            });
            meanings.Add($"Maximum number of logical channels: {(cc & 7) + 1}");
        }
        return meanings;
    }

    private static List<string> StatusIndicator(byte[] value) => value.Length switch
    {
        1 => [$"LCS (life card cycle): {value[0]:X2} ({LifeCycle(value[0])})"],
        2 => [$"SW: {value[0]:X2}{value[1]:X2}"],
        3 => [$"LCS (life card cycle): {value[0]:X2} ({LifeCycle(value[0])})", $"SW: {value[1]:X2}{value[2]:X2}"],
        _ => [],
    };

    private static void AddIf(List<string> meanings, byte b, int mask, string meaning)
    {
        if ((b & mask) != 0)
        {
            meanings.Add(meaning);
        }
    }
}
