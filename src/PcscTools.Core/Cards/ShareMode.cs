namespace PcscTools.Cards;

/// <summary>SCARD_SHARE_*: whether other connections may use the card at the same time.</summary>
public enum ShareMode
{
    Exclusive = 1,
    Shared = 2,
    /// <summary>Talk to the reader without a card (for control codes and attributes).</summary>
    Direct = 3,
}
