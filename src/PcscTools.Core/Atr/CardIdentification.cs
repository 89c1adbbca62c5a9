namespace PcscTools.Atr;

/// <summary>One entry of pcsc-tools' smartcard_list.txt whose ATR pattern matches: the pattern and its description lines.</summary>
public sealed class CardIdentification
{
    internal CardIdentification(string pattern, IReadOnlyList<string> descriptions, int lineNumber)
    {
        Pattern = pattern;
        Descriptions = descriptions;
        LineNumber = lineNumber;
    }

    /// <summary>The ATR or regular expression as the list writes it, e.g. "3B 8F 80 01 80 4F 0C A0 00 00 03 06 .. 00 .. 00 00 00 00 ..".</summary>
    public string Pattern { get; }

    /// <summary>The description lines under the pattern, without their leading tab.</summary>
    public IReadOnlyList<string> Descriptions { get; }

    /// <summary>Where the pattern stands in the list file, from 1.</summary>
    public int LineNumber { get; }

    public override string ToString() => Descriptions.Count > 0 ? Descriptions[0] : Pattern;
}
