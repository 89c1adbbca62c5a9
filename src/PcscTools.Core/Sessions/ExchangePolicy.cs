using PcscTools.Apdu;

namespace PcscTools.Sessions;

/// <summary>How a <see cref="CardExchange"/> sends commands over a session: the options of each command, and what it does when the card is reset.</summary>
public sealed record ExchangePolicy
{
    /// <summary>How each command is sent (follow-ups, secrets, busy and response timeouts, cancellation, logging).</summary>
    public ApduOptions Apdu { get; init; } = ApduOptions.Default;

    /// <summary>When another program reset the card, reconnect once and go on, instead of failing with ResetCard.</summary>
    public bool Reconnect { get; init; }

    /// <summary>Told what the exchange did on its own (a reconnection), e.g. for verbose output.</summary>
    public Action<string>? Notice { get; init; }
}
