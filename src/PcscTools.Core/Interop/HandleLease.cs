using System.Runtime.InteropServices;
using PcscTools.Errors;

namespace PcscTools.Interop;

/// <summary>
/// Keeps a SafeHandle alive for the length of one native call, so that a Dispose on another thread
/// (a stopped pipeline) cannot release it mid-call; a handle already released reads as SCARD_E_INVALID_HANDLE.
/// </summary>
internal readonly ref struct HandleLease
{
    private readonly SafeHandle? _handle;

    public HandleLease(SafeHandle handle, string operation)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            throw new PcscException(PcscError.InvalidHandle, operation, detail: "It was already closed.");
        }
        _handle = handle;
        Value = handle.DangerousGetHandle();
    }

    public nint Value { get; }

    public void Dispose() => _handle?.DangerousRelease();
}
