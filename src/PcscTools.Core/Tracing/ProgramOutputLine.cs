namespace PcscTools.Tracing;

/// <summary>A line the traced program wrote, when its output is captured.</summary>
public sealed record ProgramOutputLine(string Text, bool IsError)
{
    public override string ToString() => Text;
}
