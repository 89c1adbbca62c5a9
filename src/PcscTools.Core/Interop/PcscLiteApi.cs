using System.Runtime.InteropServices;
using System.Text;
using PcscTools.Errors;

namespace PcscTools.Interop;

/// <summary>
/// pcsc-lite's libpcsclite.so.1 on LP64 Linux, bound through function pointers so that any copy of the
/// library can be loaded by path (a sandbox's bundled copy, or a private copy with its own socket name).
/// LONG, DWORD, SCARDCONTEXT and SCARDHANDLE are all 8 bytes here.
/// </summary>
public sealed unsafe class PcscLiteApi : IPcscApi
{
    /// <summary>pcsc-lite's MAX_BUFFER_SIZE_EXTENDED: the daemon refuses larger receive buffers.</summary>
    public const int MaxExtendedBufferSize = 65548;

    public const string DefaultLibrary = "libpcsclite.so.1";

    private const nuint Infinite = 0xFFFFFFFF;

    private readonly delegate* unmanaged<nuint, nint, nint, nint*, nint> _establishContext;
    private readonly delegate* unmanaged<nint, nint> _releaseContext;
    private readonly delegate* unmanaged<nint, nint> _isValidContext;
    private readonly delegate* unmanaged<nint, byte*, byte*, nuint*, nint> _listReaders;
    private readonly delegate* unmanaged<nint, nuint, PcscLiteReaderState*, nuint, nint> _getStatusChange;
    private readonly delegate* unmanaged<nint, nint> _cancel;
    private readonly delegate* unmanaged<nint, byte*, nuint, nuint, nint*, nuint*, nint> _connect;
    private readonly delegate* unmanaged<nint, nuint, nuint, nuint, nuint*, nint> _reconnect;
    private readonly delegate* unmanaged<nint, nuint, nint> _disconnect;
    private readonly delegate* unmanaged<nint, nint> _beginTransaction;
    private readonly delegate* unmanaged<nint, nuint, nint> _endTransaction;
    private readonly delegate* unmanaged<nint, PcscLiteIoRequest*, byte*, nuint, PcscLiteIoRequest*, byte*, nuint*, nint> _transmit;
    private readonly delegate* unmanaged<nint, byte*, nuint*, nuint*, nuint*, byte*, nuint*, nint> _status;
    private readonly delegate* unmanaged<nint, nuint, byte*, nuint, byte*, nuint, nuint*, nint> _control;
    private readonly delegate* unmanaged<nint, nuint, byte*, nuint*, nint> _getAttrib;
    private readonly delegate* unmanaged<nint, nuint, byte*, nuint, nint> _setAttrib;

    private PcscLiteApi(string libraryName, nint library)
    {
        LibraryName = libraryName;
        nint Export(string name) => NativeLibrary.GetExport(library, name);
        _establishContext = (delegate* unmanaged<nuint, nint, nint, nint*, nint>)Export("SCardEstablishContext");
        _releaseContext = (delegate* unmanaged<nint, nint>)Export("SCardReleaseContext");
        _isValidContext = (delegate* unmanaged<nint, nint>)Export("SCardIsValidContext");
        _listReaders = (delegate* unmanaged<nint, byte*, byte*, nuint*, nint>)Export("SCardListReaders");
        _getStatusChange = (delegate* unmanaged<nint, nuint, PcscLiteReaderState*, nuint, nint>)Export("SCardGetStatusChange");
        _cancel = (delegate* unmanaged<nint, nint>)Export("SCardCancel");
        _connect = (delegate* unmanaged<nint, byte*, nuint, nuint, nint*, nuint*, nint>)Export("SCardConnect");
        _reconnect = (delegate* unmanaged<nint, nuint, nuint, nuint, nuint*, nint>)Export("SCardReconnect");
        _disconnect = (delegate* unmanaged<nint, nuint, nint>)Export("SCardDisconnect");
        _beginTransaction = (delegate* unmanaged<nint, nint>)Export("SCardBeginTransaction");
        _endTransaction = (delegate* unmanaged<nint, nuint, nint>)Export("SCardEndTransaction");
        _transmit = (delegate* unmanaged<nint, PcscLiteIoRequest*, byte*, nuint, PcscLiteIoRequest*, byte*, nuint*, nint>)Export("SCardTransmit");
        _status = (delegate* unmanaged<nint, byte*, nuint*, nuint*, nuint*, byte*, nuint*, nint>)Export("SCardStatus");
        _control = (delegate* unmanaged<nint, nuint, byte*, nuint, byte*, nuint, nuint*, nint>)Export("SCardControl");
        _getAttrib = (delegate* unmanaged<nint, nuint, byte*, nuint*, nint>)Export("SCardGetAttrib");
        _setAttrib = (delegate* unmanaged<nint, nuint, byte*, nuint, nint>)Export("SCardSetAttrib");
    }

    public string LibraryName { get; }

    public int MaxResponseLength => MaxExtendedBufferSize;

    /// <summary>The variable that stops libpcsclite from retrying sharing violations forever (read at a copy's first SCardEstablishContext).</summary>
    public const string NoBlockingVariable = "PCSCLITE_NO_BLOCKING";

    /// <summary>
    /// Loads a libpcsclite by soname or path. Throws <see cref="DllNotFoundException"/> when it cannot be found.
    /// Sharing violations are returned rather than retried without end, so that callers can bound the wait (Sessions/BusyCardRetry).
    /// </summary>
    public static PcscLiteApi Load(string library = DefaultLibrary)
    {
        NativeEnvironment.Set(NoBlockingVariable, "1");
        return new(library, NativeLibrary.Load(library));
    }

    /// <summary>The return code as libpcsclite gave it; what it means in which call is decided in Errors/PcscErrorMeaning.</summary>
    private static PcscError Code(nint rv) => (PcscError)(uint)rv;

    public PcscError EstablishContext(uint scope, out nint context)
    {
        nint handle;
        var rv = _establishContext((nuint)scope, 0, 0, &handle);
        context = handle;
        return Code(rv);
    }

    public PcscError ReleaseContext(nint context) => Code(_releaseContext(context));

    public PcscError IsValidContext(nint context) => Code(_isValidContext(context));

    public PcscError ListReaders(nint context, out string[] readers)
    {
        readers = Array.Empty<string>();
        nuint length = 0;
        var rv = Code(_listReaders(context, null, null, &length));
        if (rv == PcscError.NoReadersAvailable)
        {
            return PcscError.Success;
        }
        if (rv != PcscError.Success)
        {
            return rv;
        }
        var buffer = new byte[(int)length];
        fixed (byte* p = buffer)
        {
            rv = Code(_listReaders(context, null, p, &length));
        }
        if (rv == PcscError.NoReadersAvailable)
        {
            return PcscError.Success;
        }
        if (rv == PcscError.Success)
        {
            readers = SplitMultiString(buffer.AsSpan(0, (int)length));
        }
        return rv;
    }

    public PcscError GetStatusChange(nint context, TimeSpan? timeout, IReadOnlyList<ReaderStateRequest> readers)
    {
        var count = readers.Count;
        var states = stackalloc PcscLiteReaderState[count];
        var names = new nint[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                names[i] = Marshal.StringToCoTaskMemUTF8(readers[i].ReaderName);
                states[i] = default;
                states[i].Reader = names[i];
                states[i].CurrentState = readers[i].CurrentState;
            }
            var wait = timeout is { } t ? (nuint)Math.Clamp((long)t.TotalMilliseconds, 0, (long)Infinite - 1) : Infinite;
            var rv = Code(_getStatusChange(context, wait, states, (nuint)count));
            if (rv == PcscError.Success)
            {
                for (var i = 0; i < count; i++)
                {
                    readers[i].EventState = (uint)states[i].EventState;
                    var atrLength = (int)Math.Min(states[i].AtrLength, PcscLiteReaderState.AtrCapacity);
                    readers[i].Atr = new ReadOnlySpan<byte>(states[i].Atr, atrLength).ToArray();
                }
            }
            return rv;
        }
        finally
        {
            foreach (var name in names)
            {
                Marshal.FreeCoTaskMem(name);
            }
        }
    }

    public PcscError Cancel(nint context) => Code(_cancel(context));

    public PcscError Connect(nint context, string reader, uint shareMode, uint preferredProtocols, out nint card, out uint activeProtocol)
    {
        nint handle = 0;
        nuint protocol = 0;
        var name = Utf8Z(reader);
        nint rv;
        fixed (byte* p = name)
        {
            rv = _connect(context, p, shareMode, preferredProtocols, &handle, &protocol);
        }
        card = handle;
        activeProtocol = (uint)protocol;
        return Code(rv);
    }

    public PcscError Reconnect(nint card, uint shareMode, uint preferredProtocols, uint initialization, out uint activeProtocol)
    {
        nuint protocol = 0;
        var rv = _reconnect(card, shareMode, preferredProtocols, initialization, &protocol);
        activeProtocol = (uint)protocol;
        return Code(rv);
    }

    public PcscError Disconnect(nint card, uint disposition) => Code(_disconnect(card, disposition));

    public PcscError BeginTransaction(nint card) => Code(_beginTransaction(card));

    public PcscError EndTransaction(nint card, uint disposition) => Code(_endTransaction(card, disposition));

    public PcscError Transmit(nint card, uint protocol, ReadOnlySpan<byte> command, Span<byte> response, out int received)
    {
        var sendPci = new PcscLiteIoRequest { Protocol = (nuint)protocol, Length = (nuint)sizeof(PcscLiteIoRequest) };
        // A receive PCI, though PC/SC allows NULL: pcsc-lite 1.9.9's spy reads it after the call and crashes the process
        // on NULL (upstream pcsc-lite issue 159), so a user tracing their own PcscTools script with Trace-PcscCall would
        // lose it. On the stack like the send PCI, so the call stays allocation-free; libpcsclite fills it in.
        var recvPci = sendPci;
        nuint length = (nuint)response.Length;
        nint rv;
        fixed (byte* send = command)
        fixed (byte* receive = response)
        {
            rv = _transmit(card, &sendPci, send, (nuint)command.Length, &recvPci, receive, &length);
        }
        received = (int)length;
        return Code(rv);
    }

    public PcscError Status(nint card, out CardStatusReply status)
    {
        const int maxReaderName = 128;
        var name = stackalloc byte[maxReaderName];
        var atr = stackalloc byte[PcscLiteReaderState.AtrCapacity];
        nuint nameLength = maxReaderName, state = 0, protocol = 0, atrLength = PcscLiteReaderState.AtrCapacity;
        var rv = Code(_status(card, name, &nameLength, &state, &protocol, atr, &atrLength));
        status = rv == PcscError.Success
            ? new CardStatusReply(
                SplitMultiString(new ReadOnlySpan<byte>(name, (int)nameLength)).FirstOrDefault() ?? "",
                (uint)state,
                (uint)protocol,
                new ReadOnlySpan<byte>(atr, (int)atrLength).ToArray())
            : new CardStatusReply("", 0x0001 /* SCARD_UNKNOWN */, 0, Array.Empty<byte>());
        return rv;
    }

    public PcscError Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int returned)
    {
        nuint length = 0;
        nint rv;
        fixed (byte* i = input)
        fixed (byte* o = output)
        {
            rv = _control(card, controlCode, i, (nuint)input.Length, o, (nuint)output.Length, &length);
        }
        returned = (int)length;
        return Code(rv);
    }

    public PcscError GetAttribute(nint card, uint attributeId, Span<byte> value, out int length)
    {
        nuint size = (nuint)value.Length;
        nint rv;
        fixed (byte* p = value)
        {
            rv = _getAttrib(card, attributeId, value.Length == 0 ? null : p, &size);
        }
        length = (int)size;
        return Code(rv);
    }

    public PcscError SetAttribute(nint card, uint attributeId, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
        {
            return Code(_setAttrib(card, attributeId, p, (nuint)value.Length));
        }
    }

    public uint ControlCode(int function) => 0x42000000u + (uint)function;

    private static byte[] Utf8Z(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    /// <summary>Splits a C multi-string (names separated by NUL, ended by a double NUL).</summary>
    private static string[] SplitMultiString(ReadOnlySpan<byte> buffer) =>
        Encoding.UTF8.GetString(buffer).Split('\0', StringSplitOptions.RemoveEmptyEntries);
}
