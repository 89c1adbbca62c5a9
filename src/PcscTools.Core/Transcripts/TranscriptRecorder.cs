using PcscTools.Apdu;
using PcscTools.Sessions;

namespace PcscTools.Transcripts;

/// <summary>Records one card session's exchanges and adds them to a transcript file: what Invoke-Apdu and Invoke-PcscScript -TranscriptPath share.</summary>
public sealed class TranscriptRecorder
{
    private TranscriptSession? _recording;

    public TranscriptRecorder(string path) => FilePath = path;

    public string FilePath { get; }

    /// <summary>Starts recording on this session; while a recording is open, later calls keep it.</summary>
    public void Begin(CardSession session) => _recording ??= new TranscriptSession
    {
        Reader = session.Reader,
        Atr = session.Atr.ToString(),
        Protocol = session.Protocol.ToString(),
        Started = DateTimeOffset.Now,
    };

    /// <summary>Records an exchange as it crossed the wire (its command already redacted unless secrets are shown).</summary>
    public void Record(ApduExchange exchange) => _recording?.Exchanges.Add(new TranscriptExchange
    {
        Command = exchange.Command.ToString(),
        Response = exchange.Response.ToString(),
        ElapsedMs = exchange.Elapsed.TotalMilliseconds,
    });

    /// <summary>Adds the recording to the file when anything was exchanged, and closes it. IOException, UnauthorizedAccessException or InvalidDataException (the file is not a transcript).</summary>
    public void Save()
    {
        var recording = _recording;
        _recording = null;
        if (recording is { Exchanges.Count: > 0 })
        {
            ApduTranscript.Append(FilePath, recording);
        }
    }
}
