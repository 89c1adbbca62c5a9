namespace PcscTools.Simulator.VirtualCard;

/// <summary>
/// ENVELOPE (INS C2) as a T=0 card takes an extended command: the pieces are collected, and the ENVELOPE without data
/// that ends them hands over the whole command to be answered. Reset with the card.
/// </summary>
internal sealed class EnvelopeBuffer
{
    public const byte Ins = 0xC2;

    private readonly List<byte> _pieces = new();

    /// <summary>Keeps a piece and returns null; at the empty ENVELOPE returns the command the pieces make (and starts over).</summary>
    public byte[]? Add(ParsedCommand envelope)
    {
        if (envelope.Data.Length > 0)
        {
            _pieces.AddRange(envelope.Data);
            return null;
        }
        var command = _pieces.ToArray();
        _pieces.Clear();
        return command;
    }

    public void Reset() => _pieces.Clear();
}
