namespace PcscTools.PcscdProtocol;

/// <summary>One protocol version of pcsc-lite's client/daemon socket protocol: the releases that speak it and what changed.</summary>
public sealed record ProtocolRevision(Version Protocol, PcscLiteRange Releases, string Change);
