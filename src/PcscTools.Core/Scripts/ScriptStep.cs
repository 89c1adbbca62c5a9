namespace PcscTools.Scripts;

/// <summary>One thing a scriptor script does: send a command or reset the card.</summary>
public abstract class ScriptStep
{
    private protected ScriptStep(int lineNumber) => LineNumber = lineNumber;

    /// <summary>The line it starts on, from 1.</summary>
    public int LineNumber { get; }
}
