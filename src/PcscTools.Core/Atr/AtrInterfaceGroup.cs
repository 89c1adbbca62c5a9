namespace PcscTools.Atr;

/// <summary>
/// One level i of interface bytes, TA(i) TB(i) TC(i) TD(i). Level 1 and 2 are global; from level 3 on the bytes
/// belong to the protocol that TD(i-1) named (T=15 means global again).
/// </summary>
public sealed class AtrInterfaceGroup
{
    internal AtrInterfaceGroup(int level, int? appliesTo, byte? ta, byte? tb, byte? tc, byte? td, IReadOnlyList<string> meanings)
    {
        Level = level;
        AppliesTo = appliesTo is int t ? $"T={t}" : "global";
        TA = ta;
        TB = tb;
        TC = tc;
        TD = td;
        Meanings = meanings;
    }

    /// <summary>i in TA(i)…TD(i), from 1.</summary>
    public int Level { get; }

    /// <summary>"global", or the protocol ("T=1") whose specific bytes these are.</summary>
    public string AppliesTo { get; }

    public byte? TA { get; }

    public byte? TB { get; }

    public byte? TC { get; }

    public byte? TD { get; }

    /// <summary>What each present byte means, one line per byte, e.g. "TA(3) = FE: IFSC 254".</summary>
    public IReadOnlyList<string> Meanings { get; }

    public override string ToString() => string.Join("; ", Meanings);
}
