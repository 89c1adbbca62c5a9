namespace PcscTools.Cards;

/// <summary>SCARD_*_CARD: what happens to the card when a connection or transaction ends.</summary>
public enum CardDisposition
{
    Leave = 0,
    Reset = 1,
    Unpower = 2,
    Eject = 3,
}
