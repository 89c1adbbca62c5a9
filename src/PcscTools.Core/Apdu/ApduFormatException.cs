namespace PcscTools.Apdu;

/// <summary>Input that cannot be a command APDU (bad hex, a short header, an Lc that disagrees with the data…); raised before anything is sent.</summary>
public sealed class ApduFormatException : FormatException
{
    public ApduFormatException(string text, string problem)
        : base($"'{text}' is not a valid command APDU: {problem}.")
    {
        Text = text;
        Problem = problem;
    }

    /// <summary>The offending input, as the caller wrote it (hex text, or the bytes as hex).</summary>
    public string Text { get; }

    public string Problem { get; }
}
