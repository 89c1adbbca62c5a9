using System.Runtime.InteropServices;

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

    /// <summary>What happens to the card when the handle is released (the C API's SCARD_LEAVE_CARD, SCARD_RESET_CARD, …); leave it as it is unless told otherwise.</summary>
    public uint Disposition { get; set; } = LeaveCard;

    /// <summary>SCARD_LEAVE_CARD.</summary>
    public const uint LeaveCard = 0;

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        var rv = _api.Disconnect(handle, Disposition);
        // A card that is already gone, or a daemon that went away, leaves nothing to release.
        return rv is Errors.PcscError.Success or Errors.PcscError.InvalidHandle or Errors.PcscError.NoService or Errors.PcscError.ServiceStopped;
    }
}
