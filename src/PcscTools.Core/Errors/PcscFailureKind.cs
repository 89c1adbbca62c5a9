namespace PcscTools.Errors;

/// <summary>What a failed PC/SC call means for its caller, as <see cref="PcscErrorMeaning"/> decides it.</summary>
public enum PcscFailureKind
{
    /// <summary>This call failed; the service and the connection may still be used.</summary>
    CallFailed,
    /// <summary>pcscd itself is gone (stopped, crashed, restarted): waiting for it to come back may help.</summary>
    ServiceLost,
    /// <summary>pcscd refused this client (polkit): asking again gets the same answer.</summary>
    AccessRefused,
    /// <summary>The reader of a connection was unplugged or removed.</summary>
    ReaderGone,
}
