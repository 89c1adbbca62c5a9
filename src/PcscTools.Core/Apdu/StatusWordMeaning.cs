namespace PcscTools.Apdu;

/// <summary>The meanings of status words as ISO 7816-4 (2020, §5.6) defines them, in plain English.</summary>
public static class StatusWordMeaning
{
    private static readonly Dictionary<ushort, string> Exact = new()
    {
        [0x9000] = "Success: normal processing, no further qualification",
        [0x6200] = "Warning: no information given, non-volatile memory unchanged",
        [0x6202] = "Warning: triggering by the card (non-volatile memory unchanged)",
        [0x6281] = "Warning: part of returned data may be corrupted",
        [0x6282] = "Warning: end of file or record reached before reading Ne bytes",
        [0x6283] = "Warning: selected file deactivated",
        [0x6284] = "Warning: file or data control information not formatted according to ISO 7816-4",
        [0x6285] = "Warning: selected file in termination state",
        [0x6286] = "Warning: no input data available from a sensor on the card",
        [0x6287] = "Warning: at least one of the referenced records is deactivated",
        [0x6300] = "Warning: no information given, non-volatile memory changed (often: verification failed)",
        [0x6381] = "Warning: file filled up by the last write",
        [0x6400] = "Error: execution error, non-volatile memory unchanged",
        [0x6401] = "Error: immediate response required by the card",
        [0x6500] = "Error: execution error, non-volatile memory changed",
        [0x6581] = "Error: memory failure",
        [0x6700] = "Error: wrong length (Lc or Le)",
        [0x6800] = "Error: functions in CLA not supported",
        [0x6881] = "Error: logical channel not supported",
        [0x6882] = "Error: secure messaging not supported",
        [0x6883] = "Error: last command of the chain expected",
        [0x6884] = "Error: command chaining not supported",
        [0x6900] = "Error: command not allowed",
        [0x6981] = "Error: command incompatible with file structure",
        [0x6982] = "Error: security status not satisfied",
        [0x6983] = "Error: authentication method blocked",
        [0x6984] = "Error: reference data not usable",
        [0x6985] = "Error: conditions of use not satisfied",
        [0x6986] = "Error: command not allowed (no current EF)",
        [0x6987] = "Error: expected secure messaging data objects missing",
        [0x6988] = "Error: incorrect secure messaging data objects",
        [0x6A00] = "Error: wrong parameters P1-P2",
        [0x6A80] = "Error: incorrect parameters in the command data field",
        [0x6A81] = "Error: function not supported",
        [0x6A82] = "Error: file or application not found",
        [0x6A83] = "Error: record not found",
        [0x6A84] = "Error: not enough memory space in the file",
        [0x6A85] = "Error: Nc inconsistent with TLV structure",
        [0x6A86] = "Error: incorrect parameters P1-P2",
        [0x6A87] = "Error: Nc inconsistent with parameters P1-P2",
        [0x6A88] = "Error: referenced data or reference data not found",
        [0x6A89] = "Error: file already exists",
        [0x6A8A] = "Error: DF name already exists",
        [0x6B00] = "Error: wrong parameters P1-P2 (offset outside the EF)",
        [0x6D00] = "Error: instruction code not supported or invalid",
        [0x6E00] = "Error: class not supported",
        [0x6F00] = "Error: no precise diagnosis",
    };

    /// <summary>The meaning of SW1 SW2; status words ISO 7816-4 does not define are described by their group.</summary>
    public static string Describe(byte sw1, byte sw2)
    {
        if (Exact.TryGetValue((ushort)((sw1 << 8) | sw2), out var text))
        {
            return text;
        }
        return sw1 switch
        {
            0x61 => $"Success: {(sw2 == 0 ? 256 : sw2)} more byte(s) available; fetch them with GET RESPONSE",
            0x6C => $"Error: wrong Le; the card has {(sw2 == 0 ? 256 : sw2)} byte(s) to return",
            0x63 when (sw2 & 0xF0) == 0xC0 => $"Warning: verification failed, {sw2 & 0x0F} retries left (counter {sw2 & 0x0F})",
            0x62 when sw2 is >= 0x02 and <= 0x80 => $"Warning: triggering by the card ({sw2:X2}), non-volatile memory unchanged",
            0x64 when sw2 is >= 0x02 and <= 0x80 => $"Error: triggering by the card ({sw2:X2}), non-volatile memory unchanged",
            0x62 => "Warning: non-volatile memory unchanged",
            0x63 => "Warning: non-volatile memory changed",
            0x64 => "Error: execution error, non-volatile memory unchanged",
            0x65 => "Error: execution error, non-volatile memory changed",
            0x66 => "Error: security-related issue",
            0x67 => "Error: wrong length",
            0x68 => "Error: functions in CLA not supported",
            0x69 => "Error: command not allowed",
            0x6A => "Error: wrong parameters P1-P2",
            0x90 => "Success (with proprietary qualification)",
            >= 0x91 and <= 0x9F => "Proprietary status (application-specific)",
            _ => "Unknown status word: not defined by ISO 7816-4",
        };
    }
}
