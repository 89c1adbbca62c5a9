namespace PcscTools.Readers;

/// <summary>
/// Splits and joins the 32-bit event state: pcsc-lite keeps a reader's event counter (card insertions
/// plus removals) in the upper 16 bits and the SCARD_STATE_* flags in the lower 16.
/// </summary>
public static class ReaderStateWord
{
    public static ReaderStates Flags(uint word) => (ReaderStates)(word & 0xFFFF);

    public static int EventCount(uint word) => (int)(word >> 16);

    public static uint Join(ReaderStates flags, int eventCount) => ((uint)eventCount << 16) | ((uint)flags & 0xFFFF);
}
