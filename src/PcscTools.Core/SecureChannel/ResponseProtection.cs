namespace PcscTools.SecureChannel;

/// <summary>What both ends agree on about protected answers.</summary>
public static class ResponseProtection
{
    /// <summary>
    /// Whether an answer without data still carries an R-MAC: the card MACs normal processing (9000) and warnings (62xx, 63xx);
    /// an error status alone carries none, as cards send it when they could not process the command at all.
    /// </summary>
    public static bool CarriesMac(byte sw1, byte sw2) => (sw1 == 0x90 && sw2 == 0x00) || sw1 is 0x62 or 0x63;

    internal static SecureChannelException Rejected(string why) =>
        new(SecureChannelFailure.ResponseRejected, $"The card's answer was rejected: {why}. Its data was not used, and the secure channel is closed; open a new one with Open-PcscSecureChannel.");
}
