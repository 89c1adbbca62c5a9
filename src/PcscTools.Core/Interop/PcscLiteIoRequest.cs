using System.Runtime.InteropServices;

namespace PcscTools.Interop;

/// <summary>pcsc-lite's SCARD_IO_REQUEST on LP64 Linux: two unsigned longs, 16 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PcscLiteIoRequest
{
    public nuint Protocol;
    public nuint Length;
}
