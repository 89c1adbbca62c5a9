namespace PcscTools.Transcripts;

/// <summary>One connection to a card in a transcript: where, which card, which protocol, and the APDUs exchanged.</summary>
public sealed class TranscriptSession
{
    public string Reader { get; set; } = "";

    /// <summary>The card's ATR as hex pairs.</summary>
    public string Atr { get; set; } = "";

    public string Protocol { get; set; } = "";

    public DateTimeOffset Started { get; set; }

    public List<TranscriptExchange> Exchanges { get; set; } = new();
}
