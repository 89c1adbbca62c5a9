namespace PcscTools.Interop;

/// <summary>
/// What SCardStatus answers, as the C API gives it: the state bits (SCARD_ABSENT, SCARD_PRESENT, …) and the active
/// protocol (SCARD_PROTOCOL_T0, …) are the C API's values; Cards reads them as its CardStatus.
/// </summary>
public readonly record struct CardStatusReply(string ReaderName, uint State, uint Protocol, byte[] Atr);
