using System.Runtime.InteropServices;

namespace PcscTools.Interop;

/// <summary>An SCARDCONTEXT that is released exactly once, even when a pipeline is stopped or a finalizer runs.</summary>
internal sealed class ContextHandle : SafeHandle
{
    private readonly IPcscApi _api;

    public ContextHandle(IPcscApi api, nint context) : base(0, ownsHandle: true)
    {
        _api = api;
        SetHandle(context);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle() => _api.ReleaseContext(handle) == Errors.PcscError.Success;
}
