namespace PcscTools.Transcripts;

/// <summary>One APDU as it crossed the wire (GET RESPONSE and 6Cxx re-sends included) and the card's raw answer.</summary>
public sealed class TranscriptExchange
{
    /// <summary>The command as hex pairs; ** stands for a redacted PIN byte.</summary>
    public string Command { get; set; } = "";

    /// <summary>The answer as hex pairs, status word included.</summary>
    public string Response { get; set; } = "";

    public double ElapsedMs { get; set; }
}
