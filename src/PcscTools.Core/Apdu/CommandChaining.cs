namespace PcscTools.Apdu;

/// <summary>
/// ISO/IEC 7816-4 command chaining (§5.3.3): a command with more data than one short APDU carries is sent as a chain of
/// short commands, each but the last with CLA bit b5 set. Only the last asks for the answer (Le).
/// </summary>
public static class CommandChaining
{
    public const byte ChainBit = 0x10;

    /// <summary>The most data one short command carries.</summary>
    public const int MaxBlockLength = 255;

    /// <summary>
    /// The chain for <paramref name="command"/>, <paramref name="blockLength"/> data bytes a link (less than 255 when each link
    /// gets wrapped, e.g. in a secure channel, and must still fit). A command that fits in one short APDU is returned alone.
    /// </summary>
    public static IReadOnlyList<CommandApdu> Split(CommandApdu command, int blockLength = MaxBlockLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockLength, MaxBlockLength);
        if (command.Lc <= blockLength && !command.IsExtended)
        {
            return [command];
        }
        if ((command.Cla & ChainBit) != 0)
        {
            throw new ApduFormatException(command.ToString(), "its CLA already has the chaining bit (b5) set; give the whole command and it is chained for you");
        }
        var data = command.Data!.AsSpan();
        var links = new List<CommandApdu>();
        for (var at = 0; at < data.Length || links.Count == 0; at += blockLength)
        {
            var block = data.Slice(at, Math.Min(blockLength, data.Length - at));
            var last = at + blockLength >= data.Length;
            // A short link asks for at most 256 bytes; a longer answer comes back through 61xx and GET RESPONSE.
            int? le = last && command.Le is { } ne ? Math.Min(ne, 256) : null;
            links.Add(new CommandApdu(last ? command.Cla : (byte)(command.Cla | ChainBit), command.Ins, command.P1, command.P2, block, le));
        }
        return links;
    }
}
