using PcscTools.Bytes;
using PcscTools.Transcripts;

namespace PcscTools.Simulator.VirtualCard;

/// <summary>Makes a virtual card serve a recorded transcript: its ATR, and the recorded answers in recorded order.</summary>
public static class TranscriptReplay
{
    /// <summary>InvalidDataException when the transcript holds something that is not hex.</summary>
    public static void Apply(VirtualCard card, ApduTranscript transcript)
    {
        try
        {
            ApplyChecked(card, transcript);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"The transcript cannot be replayed: {e.Message}", e);
        }
    }

    private static void ApplyChecked(VirtualCard card, ApduTranscript transcript)
    {
        if (transcript.Sessions.FirstOrDefault(s => s.Atr.Length > 0) is { } first)
        {
            card.Atr = new HexBytes(first.Atr);
        }
        foreach (var exchange in transcript.Sessions.SelectMany(s => s.Exchanges))
        {
            // A redacted PIN byte (**) matches whatever PIN the replaying script sends.
            card.Replay(exchange.Command.Replace("**", "??", StringComparison.Ordinal), exchange.Response);
        }
    }
}
