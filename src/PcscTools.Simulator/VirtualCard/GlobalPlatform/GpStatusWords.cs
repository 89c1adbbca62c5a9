namespace PcscTools.Simulator.VirtualCard.GlobalPlatform;

/// <summary>The status words the security domain answers with (GlobalPlatform Card Specification §11.1.3).</summary>
internal static class GpStatusWords
{
    public static byte[] Success => [0x90, 0x00];
    public static byte[] SecurityNotSatisfied => [0x69, 0x82];
    public static byte[] ConditionsNotSatisfied => [0x69, 0x85];
    public static byte[] WrongData => [0x6A, 0x80];
    public static byte[] WrongP1P2 => [0x6A, 0x86];
    public static byte[] ReferencedDataNotFound => [0x6A, 0x88];
    public static byte[] InsNotSupported => [0x6D, 0x00];
}
