namespace PcscTools.Cards;

/// <summary>The card state bits of SCardStatus (pcsc-lite's SCARD_ABSENT, SCARD_PRESENT, …).</summary>
[Flags]
public enum CardState
{
    Unknown = 0x0001,
    Absent = 0x0002,
    Present = 0x0004,
    Swallowed = 0x0008,
    Powered = 0x0010,
    Negotiable = 0x0020,
    Specific = 0x0040,
}
