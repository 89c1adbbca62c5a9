namespace PcscTools.Apdu;

/// <summary>The ISO 7816-4 command cases: whether a command carries data (Lc) and/or asks for data (Le), in short or extended length.</summary>
public enum ApduCase
{
    /// <summary>Header only: no data, no answer data.</summary>
    Case1 = 1,

    /// <summary>Le only: asks for data.</summary>
    Case2Short = 2,

    /// <summary>Lc and data: sends data.</summary>
    Case3Short = 3,

    /// <summary>Lc, data and Le: sends data and asks for data.</summary>
    Case4Short = 4,

    Case2Extended = 12,
    Case3Extended = 13,
    Case4Extended = 14,
}
