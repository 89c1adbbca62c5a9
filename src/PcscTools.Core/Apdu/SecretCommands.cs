namespace PcscTools.Apdu;

/// <summary>
/// The commands whose data carries a PIN or other reference data (ISO 7816-4: VERIFY 20/21, CHANGE REFERENCE DATA 24/25,
/// DISABLE/ENABLE VERIFICATION REQUIREMENT 26/28, RESET RETRY COUNTER 2C/2D). Their data never appears in logs,
/// errors or history unless the caller asks for it.
/// </summary>
public static class SecretCommands
{
    /// <summary>Whether a command with this INS carries secrets in its data field.</summary>
    public static bool CarriesSecret(byte ins) => ins is 0x20 or 0x21 or 0x24 or 0x25 or 0x26 or 0x28 or 0x2C or 0x2D;
}
