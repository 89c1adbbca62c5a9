namespace PcscTools.PcscdProtocol;

/// <summary>libpcsclite releases that announce the same protocol and handle a rejection alike.</summary>
/// <param name="FallsBack">
/// Whether the library retries CMD_VERSION with the daemon's minor when a 4.4+ daemon rejects it with
/// SCARD_E_SERVICE_STOPPED (pcsc-lite 2.4.1 and later).
/// </param>
public sealed record ClientRelease(PcscLiteRange Releases, Version Protocol, bool FallsBack);
