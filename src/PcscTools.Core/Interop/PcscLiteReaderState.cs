using System.Runtime.InteropServices;

namespace PcscTools.Interop;

/// <summary>
/// pcsc-lite's SCARD_READERSTATE on LP64 Linux: DWORD is unsigned long (8 bytes), the ATR buffer is 33 bytes,
/// natural alignment (no packing outside macOS), 80 bytes in all.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PcscLiteReaderState
{
    public const int AtrCapacity = 33;

    public nint Reader;
    public nint UserData;
    public nuint CurrentState;
    public nuint EventState;
    public nuint AtrLength;
    public fixed byte Atr[AtrCapacity];
}
