using PcscTools.Bytes;

namespace PcscTools.Atr;

/// <summary>
/// An answer to reset decoded per ISO/IEC 7816-3: what <c>ATR_analysis</c> prints, as properties. Values the ATR
/// leaves out take their ISO defaults (Fi 372, Di 1, IFSC 32…); <see cref="InterfaceGroups"/> shows what was really sent.
/// </summary>
public sealed class AtrAnalysis
{
    public required HexBytes Atr { get; init; }

    public required AtrConvention Convention { get; init; }

    /// <summary>The format byte: Y(1) in the high nibble, the number of historical bytes K in the low one; null when the ATR stops after TS.</summary>
    public byte? T0 { get; init; }

    /// <summary>Every level of interface bytes, TA(1)…TD(n), with what each byte means.</summary>
    public required IReadOnlyList<AtrInterfaceGroup> InterfaceGroups { get; init; }

    /// <summary>The protocols TD bytes announce, in order, e.g. "T=0", "T=1"; "T=0" alone when there is no TD(1). T=15 stands for global interface bytes.</summary>
    public required IReadOnlyList<string> Protocols { get; init; }

    /// <summary>Clock rate conversion factor from TA(1) (372 when absent); null for an RFU code.</summary>
    public int? Fi { get; init; }

    /// <summary>Baud rate adjustment factor from TA(1) (1 when absent); null for an RFU code.</summary>
    public int? Di { get; init; }

    /// <summary>The highest clock frequency the card accepts, in MHz (5 when TA(1) is absent).</summary>
    public double? MaxClockMHz { get; init; }

    /// <summary>Fi/Di, the clock cycles per elementary time unit (the baud factor): 372 by default.</summary>
    public double? CyclesPerEtu { get; init; }

    /// <summary>Bits per second at a 4 MHz clock.</summary>
    public int? BaudRateAt4MHz => CyclesPerEtu is double c ? (int)(4_000_000 / c) : null;

    /// <summary>Bits per second at <see cref="MaxClockMHz"/>.</summary>
    public int? MaxBaudRate => CyclesPerEtu is double c && MaxClockMHz is double f ? (int)(f * 1_000_000 / c) : null;

    /// <summary>N from TC(1): extra guard time in ETUs (0 when absent; 255 means the minimum, 12 ETU for T=0 and 11 for T=1).</summary>
    public int ExtraGuardTime { get; init; }

    /// <summary>The protocol of the specific mode when TA(2) is present, e.g. "T=1"; null means negotiable mode.</summary>
    public string? SpecificModeProtocol { get; init; }

    /// <summary>Waiting time integer WI for T=0 from TC(2) (10 when absent); null when T=0 is not offered.</summary>
    public int? WaitingTimeInteger { get; init; }

    /// <summary>Information field size of the card for T=1 (32 when absent); null when T=1 is not offered.</summary>
    public int? Ifsc { get; init; }

    /// <summary>Block waiting time integer for T=1 (4 when absent); null when T=1 is not offered.</summary>
    public int? Bwi { get; init; }

    /// <summary>Character waiting time integer for T=1 (13 when absent); null when T=1 is not offered.</summary>
    public int? Cwi { get; init; }

    /// <summary>Error detection code for T=1, "LRC" (default) or "CRC"; null when T=1 is not offered.</summary>
    public string? ErrorDetection { get; init; }

    /// <summary>Clock stop support from the first TA for T=15, e.g. "no preference"; null when absent.</summary>
    public string? ClockStop { get; init; }

    /// <summary>Supply voltage classes from the first TA for T=15, e.g. "A (5 V)", "B (3 V)"; empty when absent.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    public required HexBytes HistoricalBytes { get; init; }

    /// <summary>The historical bytes decoded: category indicator, compact-TLV objects, status indicator.</summary>
    public required AtrHistoricalBytes Historical { get; init; }

    /// <summary>The check byte as sent; null when the ATR has none.</summary>
    public byte? Tck { get; init; }

    /// <summary>True when the bytes from T0 to TCK XOR to zero, false when not, null when the ATR has no TCK.</summary>
    public bool? TckValid { get; init; }

    /// <summary>Whether ISO/IEC 7816-3 requires a TCK: some TD names a protocol other than T=0.</summary>
    public bool TckRequired { get; init; }

    /// <summary>Matching entries of pcsc-tools' smartcard_list.txt, with their descriptions.</summary>
    public required IReadOnlyList<CardIdentification> Cards { get; init; }

    /// <summary>Where the descriptions came from; null when no list was consulted.</summary>
    public string? ListPath { get; init; }

    /// <summary>What is wrong with the ATR (truncated, too long, wrong TCK…); empty for a well-formed one.</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    public bool IsWellFormed => Problems.Count == 0;

    public override string ToString() => Atr.ToString();
}
