using PcscTools.Cards;

namespace PcscTools.Apdu;

/// <summary>
/// Commands one APDU cannot carry on this connection, sent as several: an extended command over T=0 (as a short one when
/// its data fits, else in ENVELOPEs), and, when asked, data over 255 bytes as a chain (<see cref="ApduOptions.Chaining"/>).
/// The parts are made before anything wraps them, so a secure channel wraps each part on its own.
/// </summary>
public static class LongCommand
{
    /// <summary>
    /// The APDUs to send for <paramref name="command"/>, or null when it goes as it is. <paramref name="blockLength"/>: the most
    /// data bytes one part may carry (<see cref="Sessions.CardSession.MaxBlockLength"/>: less inside a secure channel, so
    /// that each wrapped part stays a short APDU).
    /// </summary>
    public static IReadOnlyList<CommandApdu>? Parts(CommandApdu command, CardProtocols protocol, ApduOptions options, int blockLength = CommandChaining.MaxBlockLength)
    {
        if (command.IsRedacted)
        {
            // A copy made for display (a PIN form of New-PcscApdu) goes as it is: its parts could not be redacted.
            return null;
        }
        if (options.Chaining && command.Lc > blockLength)
        {
            return CommandChaining.Split(command, blockLength);
        }
        if (protocol != CardProtocols.T0 || !command.IsExtended || !options.AutoResponse)
        {
            return null;
        }
        if (command.Lc <= blockLength)
        {
            // T=0 carries up to 255 data bytes in a short command; the longer answer comes back through 61xx and GET RESPONSE.
            return [new CommandApdu(command.Cla, command.Ins, command.P1, command.P2, command.Data!.AsSpan(), command.Le is { } ne ? Math.Min(ne, 256) : null)];
        }
        if (command.IsSecret && !options.ShowSecrets)
        {
            // ENVELOPE hides the instruction, so the PIN in its data could not be redacted from exchanges and verbose output.
            throw new ApduFormatException(command.ForDisplay(false).ToString(),
                "a PIN command over 255 bytes would go over T=0 in ENVELOPE commands, whose data cannot be redacted; use T=1, or -ShowSecrets");
        }
        return EnvelopeCommands.Split(command, blockLength);
    }

    /// <summary>
    /// Sends the parts in order and answers for <paramref name="command"/>: the last part's answer, with every exchange. A part
    /// before the last that is refused (anything but 9000) ends the sequence with that answer.
    /// </summary>
    public static ResponseApdu Send(CommandApdu command, IReadOnlyList<CommandApdu> parts, Func<CommandApdu, ResponseApdu> send, bool showSecrets)
    {
        var exchanges = new List<ApduExchange>();
        var elapsed = TimeSpan.Zero;
        ResponseApdu? response = null;
        foreach (var part in parts)
        {
            response = send(part);
            exchanges.AddRange(response.Exchanges);
            elapsed += response.Elapsed;
            if (response.StatusWord != "9000")
            {
                break;
            }
        }
        return new ResponseApdu(response!.Reader, command.ForDisplay(showSecrets), response.Data, response.SW1, response.SW2, elapsed, exchanges);
    }
}
