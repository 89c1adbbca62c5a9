using PcscTools.Bytes;

namespace PcscTools.Readers;

/// <summary>A reader and what is in it, as the PC/SC service saw it at one moment.</summary>
public sealed class PcscReader
{
    public PcscReader(string name, uint stateWord, byte[] atr)
    {
        Name = name;
        State = ReaderStateWord.Flags(stateWord) & ~ReaderStates.Changed;
        EventCount = ReaderStateWord.EventCount(stateWord);
        Atr = (State & ReaderStates.Present) != 0 ? new HexBytes(atr) : HexBytes.Empty;
    }

    public string Name { get; }

    public bool CardPresent => (State & ReaderStates.Present) != 0;

    public ReaderStates State { get; }

    /// <summary>The card's answer to reset; empty when there is no card.</summary>
    public HexBytes Atr { get; }

    /// <summary>pcsc-lite's count of card insertions and removals in this reader (the upper 16 bits of its event state).</summary>
    public int EventCount { get; }

    public override string ToString() => Name;
}
