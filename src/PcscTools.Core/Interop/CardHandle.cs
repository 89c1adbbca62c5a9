using System.Runtime.InteropServices;
using PcscTools.Cards;

namespace PcscTools.Interop;

/// <summary>An SCARDHANDLE that is disconnected exactly once; the disposition can be chosen before release.</summary>
internal sealed class CardHandle : SafeHandle
{
    private readonly IPcscApi _api;

    public CardHandle(IPcscApi api, nint card) : base(0, ownsHandle: true)
    {
        _api = api;
        SetHandle(card);
    }

    /// <summary>What happens to the card when the handle is released; leave it as it is unless told otherwise.</summary>
    public CardDisposition Disposition { get; set; } = CardDisposition.Leave;

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        var rv = _api.Disconnect(handle, Disposition);
        // A card that is already gone, or a daemon that went away, leaves nothing to release.
        return rv is Errors.PcscError.Success or Errors.PcscError.InvalidHandle or Errors.PcscError.NoService or Errors.PcscError.ServiceStopped;
    }
}
