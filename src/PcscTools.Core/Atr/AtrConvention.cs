namespace PcscTools.Atr;

/// <summary>The bit convention the initial character TS announces.</summary>
public enum AtrConvention
{
    /// <summary>TS is neither 3B nor 3F: not an ISO/IEC 7816-3 microprocessor card (often a memory card).</summary>
    Undefined,

    /// <summary>TS = 3B: high level is 1, least significant bit first.</summary>
    Direct,

    /// <summary>TS = 3F: low level is 1, most significant bit first.</summary>
    Inverse,
}
