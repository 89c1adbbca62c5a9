using PcscTools.Bytes;

namespace PcscTools.Apdu;

/// <summary>One command and the card's raw answer as they crossed the wire (the original command, a GET RESPONSE, a re-send after 6Cxx).</summary>
public sealed class ApduExchange
{
    public ApduExchange(CommandApdu command, HexBytes response, TimeSpan elapsed)
    {
        Command = command;
        Response = response;
        Elapsed = elapsed;
    }

    /// <summary>The command as sent (redacted when it carries a secret and secrets are not shown).</summary>
    public CommandApdu Command { get; }

    /// <summary>The card's answer: data and status word.</summary>
    public HexBytes Response { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>The last two bytes of the answer as four hex digits, e.g. 6110.</summary>
    public string StatusWord => Response.Length >= 2 ? $"{Response[^2]:X2}{Response[^1]:X2}" : "";

    public override string ToString() => $"{Command} => {Response}";
}
