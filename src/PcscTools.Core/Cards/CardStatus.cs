namespace PcscTools.Cards;

/// <summary>What SCardStatus says of a connected card.</summary>
public sealed record CardStatus(string ReaderName, CardState State, CardProtocols Protocol, byte[] Atr);
