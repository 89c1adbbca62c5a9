using System.Runtime.InteropServices;

namespace FloorModule;

/// <summary>The three libpcsclite calls the per-call floor needs, declared as a C program would call them.</summary>
internal static unsafe class FloorNative
{
    private const string Library = "libpcsclite.so.1";

    [StructLayout(LayoutKind.Sequential)]
    internal struct IoRequest
    {
        public nuint Protocol;
        public nuint Length;
    }

    [DllImport(Library)]
    internal static extern nint SCardEstablishContext(nuint scope, nint reserved1, nint reserved2, out nint context);

    [DllImport(Library)]
    internal static extern nint SCardConnect(nint context, string reader, nuint shareMode, nuint preferredProtocols, out nint card, out nuint activeProtocol);

    [DllImport(Library)]
    internal static extern nint SCardTransmit(nint card, IoRequest* sendPci, byte* send, nuint sendLength, IoRequest* receivePci, byte* receive, nuint* receiveLength);
}
