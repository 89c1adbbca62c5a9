using PcscTools.Bytes;
using PcscTools.Tlv;

namespace PcscTools.Apdu;

/// <summary>The card's answer to one command: the joined data, the final status word and its ISO 7816-4 meaning, and every exchange it took.</summary>
public sealed class ResponseApdu
{
    public ResponseApdu(string reader, CommandApdu command, HexBytes data, byte sw1, byte sw2, TimeSpan elapsed, IReadOnlyList<ApduExchange> exchanges)
    {
        Reader = reader;
        Command = command;
        Data = data;
        SW1 = sw1;
        SW2 = sw2;
        Elapsed = elapsed;
        Exchanges = exchanges;
    }

    public string Reader { get; }

    /// <summary>The command as the caller gave it (redacted when it carries a secret and secrets are not shown).</summary>
    public CommandApdu Command { get; }

    /// <summary>The response data, without the status word; joined across GET RESPONSE exchanges.</summary>
    public HexBytes Data { get; }

    /// <summary>The data read as BER-TLV, parsed on first use (never on the exchange path); problems say where it stops being TLV.</summary>
    public TlvSequence Tlv => _tlv ??= BerTlv.Parse(Data.AsSpan());

    private TlvSequence? _tlv;

    public byte SW1 { get; }

    public byte SW2 { get; }

    /// <summary>SW1 SW2 as four uppercase hex digits, e.g. 9000.</summary>
    public string StatusWord => $"{SW1:X2}{SW2:X2}";

    /// <summary>Normal processing: 9000, or 61xx (more data available) when it was not fetched.</summary>
    public bool IsSuccess => (SW1 == 0x90 && SW2 == 0x00) || SW1 == 0x61;

    /// <summary>What ISO 7816-4 says the status word means.</summary>
    public string Meaning => StatusWordMeaning.Describe(SW1, SW2);

    /// <summary>The time from sending the command to the last answer, GET RESPONSE exchanges included.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Every APDU that crossed the wire for this command, in order.</summary>
    public IReadOnlyList<ApduExchange> Exchanges { get; }

    /// <summary>Whether the status word matches any of the patterns.</summary>
    public bool StatusMatches(IReadOnlyList<StatusPattern> patterns)
    {
        var sw = (ushort)((SW1 << 8) | SW2);
        foreach (var pattern in patterns)
        {
            if (pattern.Matches(sw))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The response as scriptor prints it: data and status word, uppercase hex pairs.</summary>
    public override string ToString() => Data.Length == 0 ? $"{SW1:X2} {SW2:X2}" : $"{Data} {SW1:X2} {SW2:X2}";
}
