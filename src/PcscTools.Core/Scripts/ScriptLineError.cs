namespace PcscTools.Scripts;

/// <summary>A line of a script that cannot be run, and why.</summary>
public sealed class ScriptLineError
{
    internal ScriptLineError(int lineNumber, string line, string message)
    {
        LineNumber = lineNumber;
        Line = line;
        Message = message;
    }

    public int LineNumber { get; }

    public string Line { get; }

    public string Message { get; }

    public override string ToString() => $"line {LineNumber}: {Message}";
}
