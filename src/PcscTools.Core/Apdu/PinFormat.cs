namespace PcscTools.Apdu;

/// <summary>How a PIN is written in a command's data field.</summary>
public enum PinFormat
{
    /// <summary>The PIN's characters as ASCII, padded with FF to the padded length (PIV, OpenPGP without padding).</summary>
    Ascii,

    /// <summary>Two digits a byte, a last odd digit followed by F, padded with FF.</summary>
    Bcd,

    /// <summary>ISO 9564-1 format 2: 8 bytes, 2N (N = the number of digits, 4–12), the digits a nibble each, F-filled (EMV offline PIN).</summary>
    Iso9564Format2,
}
