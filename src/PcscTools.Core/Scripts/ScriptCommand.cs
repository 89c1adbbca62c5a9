using PcscTools.Bytes;

namespace PcscTools.Scripts;

/// <summary>An APDU line (possibly continued over several lines with a trailing backslash), with the response the script expects, if any.</summary>
public sealed class ScriptCommand : ScriptStep
{
    internal ScriptCommand(int lineNumber, byte[] apdu, ExpectedResponse? expected)
        : base(lineNumber)
    {
        Apdu = new HexBytes(apdu);
        Expected = expected;
    }

    public HexBytes Apdu { get; }

    /// <summary>The "&lt; …" line after the command; null when the script expects nothing in particular.</summary>
    public ExpectedResponse? Expected { get; }

    public override string ToString() => $"> {Apdu}";
}
