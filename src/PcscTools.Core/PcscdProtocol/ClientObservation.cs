using PcscTools.Errors;

namespace PcscTools.PcscdProtocol;

/// <summary>What a client library did when it was pointed at the probe socket.</summary>
/// <param name="Library">The library file (or the command) that was observed.</param>
/// <param name="Announced">The protocol version its first CMD_VERSION carried; null when it never sent one.</param>
/// <param name="FallsBack">Whether it retried after the probe's rejection (pcsc-lite 2.4.1+); null when it never sent a version.</param>
/// <param name="RetriedWith">The version of its retry, if any.</param>
/// <param name="Detail">Why nothing was observed, or what else the library sent.</param>
public sealed record ClientObservation(string Library, Version? Announced, bool? FallsBack, Version? RetriedWith, string? Detail)
{
    /// <summary>What the library's SCardEstablishContext returned against the probe (in-process only).</summary>
    public PcscError? Returned { get; init; }
}
