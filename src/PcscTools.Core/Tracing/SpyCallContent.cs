using PcscTools.Apdu;

namespace PcscTools.Tracing;

/// <summary>What the decoder read from one call's argument lines.</summary>
internal sealed record SpyCallContent(
    IReadOnlyDictionary<string, object?> Arguments,
    IReadOnlyDictionary<string, object?> Outputs,
    string? Reader,
    CommandApdu? Command,
    ResponseApdu? Response,
    bool IsDamaged);
