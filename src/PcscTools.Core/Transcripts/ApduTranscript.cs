using System.Text.Json;
using System.Text.Json.Serialization;

namespace PcscTools.Transcripts;

/// <summary>
/// A recording of card sessions as JSON: for each, the reader, ATR and protocol, and every APDU that crossed the wire with
/// its answer and timing. Invoke-Apdu -TranscriptPath writes it; a virtual card replays it, so a suite recorded once
/// against real hardware runs in CI without it. PIN data is redacted (** per byte) unless the caller showed secrets.
/// </summary>
public sealed class ApduTranscript
{
    public const string CurrentFormat = "PcscTools.Transcript/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Which transcript this is; a file without it is not a transcript.</summary>
    public string? Format { get; set; }

    public List<TranscriptSession> Sessions { get; set; } = new();

    /// <summary>Reads a transcript file; InvalidDataException when it is not one.</summary>
    public static ApduTranscript Load(string path)
    {
        ApduTranscript? transcript;
        try
        {
            transcript = JsonSerializer.Deserialize<ApduTranscript>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a PcscTools transcript: {e.Message}", e);
        }
        if (transcript is null || transcript.Format != CurrentFormat)
        {
            throw new InvalidDataException($"'{path}' is not a PcscTools transcript: its format is '{transcript?.Format}', not '{CurrentFormat}'.");
        }
        return transcript;
    }

    /// <summary>Adds a session to the transcript file, creating the file when it does not exist.</summary>
    public static void Append(string path, TranscriptSession session)
    {
        var transcript = File.Exists(path) ? Load(path) : new ApduTranscript { Format = CurrentFormat };
        transcript.Sessions.Add(session);
        File.WriteAllText(path, JsonSerializer.Serialize(transcript, Json));
    }
}
