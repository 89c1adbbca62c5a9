using PcscTools.Tlv;

namespace PcscTools.GlobalPlatform;

/// <summary>The entries GET STATUS listed, in which format, and where the card's answer stopped parsing.</summary>
public sealed class GpStatusResult
{
    internal GpStatusResult(IReadOnlyList<GpRegistryEntry> entries, IReadOnlyList<TlvProblem> problems, bool tagged)
    {
        Entries = entries;
        Problems = problems;
        IsTagBased = tagged;
    }

    public IReadOnlyList<GpRegistryEntry> Entries { get; }

    /// <summary>Where an answer stopped being entries (offsets within that answer's data); the entries before it are kept.</summary>
    public IReadOnlyList<TlvProblem> Problems { get; }

    /// <summary>The card answered the tag-based format (P2 = 02); false when it needed the legacy one.</summary>
    public bool IsTagBased { get; }
}
