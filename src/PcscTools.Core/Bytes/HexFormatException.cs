namespace PcscTools.Bytes;

/// <summary>Text that was meant to be hex bytes but is not.</summary>
public sealed class HexFormatException : FormatException
{
    public HexFormatException(string text, string problem)
        : base($"'{text}' is not valid hex: {problem}.")
    {
        Text = text;
        Problem = problem;
    }

    /// <summary>The offending text.</summary>
    public string Text { get; }

    public string Problem { get; }
}
