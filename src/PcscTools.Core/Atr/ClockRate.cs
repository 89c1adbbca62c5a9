namespace PcscTools.Atr;

/// <summary>ISO/IEC 7816-3 tables 7 and 8: what the nibbles of TA1 mean (clock rate conversion Fi, f(max), baud rate adjustment Di).</summary>
public static class ClockRate
{
    private static readonly int?[] FiTable = [372, 372, 558, 744, 1116, 1488, 1860, null, null, 512, 768, 1024, 1536, 2048, null, null];
    private static readonly double?[] FMaxTable = [4, 5, 6, 8, 12, 16, 20, null, null, 5, 7.5, 10, 15, 20, null, null];
    private static readonly int?[] DiTable = [null, 1, 2, 4, 8, 16, 32, 64, 12, 20, null, null, null, null, null, null];

    /// <summary>The values that apply when the ATR has no TA1: Fi = 372, f(max) = 5 MHz, Di = 1.</summary>
    public const byte DefaultTa1 = 0x11;

    /// <summary>Fi for the high nibble of TA1; null where ISO marks the code RFU.</summary>
    public static int? Fi(byte ta1) => FiTable[ta1 >> 4];

    /// <summary>f(max) in MHz for the high nibble of TA1; null where RFU.</summary>
    public static double? MaxClockMHz(byte ta1) => FMaxTable[ta1 >> 4];

    /// <summary>Di for the low nibble of TA1; null where RFU.</summary>
    public static int? Di(byte ta1) => DiTable[ta1 & 0xF];
}
