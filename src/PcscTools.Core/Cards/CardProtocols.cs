namespace PcscTools.Cards;

/// <summary>SCARD_PROTOCOL_*: the transmission protocols a connection may use.</summary>
[Flags]
public enum CardProtocols
{
    None = 0,
    T0 = 0x0001,
    T1 = 0x0002,
    Raw = 0x0004,
    T15 = 0x0008,
    Any = T0 | T1,
}
