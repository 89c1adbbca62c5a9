using PcscTools.Errors;

namespace PcscTools.PcscdProtocol;

/// <summary>
/// libpcsclite 2.4.1+'s answer to a rejection (winscard_clnt.c, SCardEstablishContextTH): when a daemon of
/// protocol 4.4 or later rejects it with SCARD_E_SERVICE_STOPPED, it sends CMD_VERSION again on the same
/// connection carrying the daemon's minor. Older libraries give up with the daemon's rv.
/// </summary>
public static class FallbackRule
{
    /// <summary>The lowest daemon minor a 2.4.1+ client falls back to (PROTOCOL_VERSION_MINOR_CLIENT_BACKWARD).</summary>
    public const int LowestMinor = 4;

    /// <summary>The version a client retries with after <paramref name="verdict"/> from a daemon of <paramref name="daemon"/>, or null when it gives up.</summary>
    public static Version? RetryVersion(bool fallsBack, Version daemon, PcscError verdict) =>
        fallsBack && verdict == PcscError.ServiceStopped && daemon.Major == 4 && daemon.Minor >= LowestMinor
            ? new Version(4, daemon.Minor)
            : null;
}
