namespace PcscTools.Apdu;

/// <summary>
/// T=0 cannot carry an extended-length command; ISO/IEC 7816-3 and 7816-4 have it sent as the data of ENVELOPE commands
/// (INS C2), the whole command APDU cut into pieces, then an ENVELOPE without data to mark the end. The card's answer
/// to the command is the answer to that last ENVELOPE (fetched with GET RESPONSE as T=0 answers are).
/// </summary>
public static class EnvelopeCommands
{
    public const byte Ins = 0xC2;

    /// <summary>The ENVELOPE commands that carry <paramref name="command"/>, <paramref name="blockLength"/> bytes of it each.</summary>
    public static IReadOnlyList<CommandApdu> Split(CommandApdu command, int blockLength = CommandChaining.MaxBlockLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockLength, CommandChaining.MaxBlockLength);
        var bytes = command.Span;
        // ENVELOPE is an interindustry command: it keeps an interindustry class (and its logical channel), else goes in class 00.
        var cla = (command.Cla & 0x80) != 0 ? (byte)0x00 : (byte)(command.Cla & ~CommandChaining.ChainBit);
        var envelopes = new List<CommandApdu>();
        for (var at = 0; at < bytes.Length; at += blockLength)
        {
            envelopes.Add(new CommandApdu(cla, Ins, 0x00, 0x00, bytes.Slice(at, Math.Min(blockLength, bytes.Length - at))));
        }
        envelopes.Add(new CommandApdu(cla, Ins, 0x00, 0x00));
        return envelopes;
    }
}
