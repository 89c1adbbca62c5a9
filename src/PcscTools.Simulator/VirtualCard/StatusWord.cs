namespace PcscTools.Simulator.VirtualCard;

/// <summary>The ISO 7816-4 status words the built-in commands answer with.</summary>
internal static class StatusWord
{
    public static byte[] Success => [0x90, 0x00];
    public static byte[] WrongLength => [0x67, 0x00];
    public static byte[] ConditionsNotSatisfied => [0x69, 0x85];
    public static byte[] FileNotFound => [0x6A, 0x82];
    public static byte[] WrongP1P2 => [0x6B, 0x00];
    public static byte[] InsNotSupported => [0x6D, 0x00];
    public static byte[] ClaNotSupported => [0x6E, 0x00];
    public static byte[] NoCurrentEf => [0x69, 0x86];
    public static byte[] SecurityNotSatisfied => [0x69, 0x82];
}
