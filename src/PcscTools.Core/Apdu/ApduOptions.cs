namespace PcscTools.Apdu;

/// <summary>How <see cref="ApduEngine"/> sends a command.</summary>
public sealed record ApduOptions
{
    public static ApduOptions Default { get; } = new();

    /// <summary>Fetch 61xx answers with GET RESPONSE and honour 6Cxx; when false, exactly one APDU is exchanged per command.</summary>
    public bool AutoResponse { get; init; } = true;

    /// <summary>Keep PIN data in the commands that responses, history and <see cref="Exchanged"/> see.</summary>
    public bool ShowSecrets { get; init; }

    /// <summary>How long to keep retrying while another connection holds the card (its transaction, or exclusively).</summary>
    public TimeSpan BusyTimeout { get; init; }

    /// <summary>
    /// How long the card may take over one APDU (none: as long as it takes). A card still silent then is given up on with a
    /// Timeout error, and the connection is closed; a cancelled command is given up on the same way after a short grace.
    /// </summary>
    public TimeSpan? ResponseTimeout { get; init; }

    public CancellationToken Cancel { get; init; }

    /// <summary>Send data over 255 bytes as a chain of short commands (CLA b5) instead of one extended-length command.</summary>
    public bool Chaining { get; init; }

    /// <summary>
    /// Called once before the first follow-up of a command (GET RESPONSE after 61xx, the re-send after 6Cxx), e.g. to begin a
    /// transaction so that no other program's command comes between the answer and its follow-up.
    /// </summary>
    public Action? BeforeFollowUp { get; init; }

    /// <summary>Called after each APDU crosses the wire, e.g. to log it.</summary>
    public Action<ApduExchange>? Exchanged { get; init; }
}
