namespace PcscTools.Scripts;

/// <summary>A line holding "reset": scriptor reconnects with a card reset there.</summary>
public sealed class ScriptReset : ScriptStep
{
    internal ScriptReset(int lineNumber)
        : base(lineNumber)
    {
    }

    public override string ToString() => "> RESET";
}
