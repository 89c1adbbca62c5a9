using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.Cards;
using PcscTools.Contexts;
using PcscTools.Readers;

namespace PcscTools.Tracing;

/// <summary>
/// Names the argument lines libpcscspy writes for each PC/SC function (inputs before the call, outputs after it, in the
/// order pcsc-lite 1.9's spy logs them) and remembers which reader each card handle was connected to.
/// </summary>
internal sealed class SpyCallDecoder
{
    private readonly Dictionary<string, string> _readerOfCard = new();
    private readonly bool _showSecrets;

    public SpyCallDecoder(bool showSecrets) => _showSecrets = showSecrets;

    public SpyCallContent Decode(string function, IReadOnlyList<string> lines, bool returned, TimeSpan? duration)
    {
        var call = new DecodedCall(new SpyArguments(lines), returned);
        switch (function)
        {
            case "SCardEstablishContext":
                call.In("Scope", call.Lines.NextNumber() is { } scope ? (ContextScope)scope : null);
                call.Out("Context", () => call.Lines.NextHandle());
                break;
            case "SCardReleaseContext" or "SCardIsValidContext" or "SCardCancel":
                call.In("Context", call.Lines.NextHandle());
                break;
            case "SCardListReaders" or "SCardListReaderGroups":
                call.In("Context", call.Lines.NextHandle());
                var groups = function == "SCardListReaders";
                call.In(groups ? "Groups" : "GroupsLength", groups ? NullIfNull(call.Lines.Next()) : call.Lines.NextNumber());
                call.Out(groups ? "Readers" : "Groups", () => MultiString(call));
                break;
            case "SCardFreeMemory":
                call.In("Context", call.Lines.NextHandle());
                call.In("Memory", call.Lines.Next());
                break;
            case "SCardGetStatusChange":
                DecodeGetStatusChange(call);
                break;
            case "SCardConnect":
                DecodeConnect(call);
                break;
            case "SCardReconnect":
                InCard(call);
                call.In("ShareMode", call.Lines.NextNumber() is { } share ? (ShareMode)share : null);
                call.In("PreferredProtocols", call.Lines.NextNumber() is { } preferred ? (CardProtocols)preferred : null);
                call.In("Initialization", call.Lines.NextNumber() is { } init ? (CardDisposition)init : null);
                call.Out("ActiveProtocol", () => call.Lines.NextNumber() is { } active ? (CardProtocols)active : null);
                break;
            case "SCardDisconnect" or "SCardEndTransaction":
                InCard(call);
                call.In("Disposition", call.Lines.NextNumber() is { } disposition ? (CardDisposition)disposition : null);
                break;
            case "SCardBeginTransaction":
                InCard(call);
                break;
            case "SCardTransmit":
                DecodeTransmit(call, duration);
                break;
            case "SCardControl" or "SCardControl132":
                InCard(call);
                call.In("ControlCode", call.Lines.Next());
                call.Lines.Next();
                call.In("SendBuffer", call.Lines.NextBuffer());
                call.Out("ReceiveLength", () => call.Lines.NextNumber());
                call.Out("ReceiveBuffer", () => call.Lines.NextBuffer());
                break;
            case "SCardGetAttrib" or "SCardSetAttrib":
                InCard(call);
                call.In("AttributeId", call.Lines.NextNumber() is { } id ? (ReaderAttribute)id : null);
                if (function == "SCardGetAttrib")
                {
                    call.Out("AttributeLength", () => call.Lines.NextNumber());
                    call.Out("Attribute", () => call.Lines.NextBuffer());
                }
                else
                {
                    call.In("AttributeLength", call.Lines.NextNumber());
                    call.In("Attribute", call.Lines.NextBuffer());
                }
                break;
            case "SCardStatus":
                DecodeStatus(call);
                break;
            default:
                var raw = new List<string>();
                while (call.Lines.Next() is { } line)
                {
                    raw.Add(line);
                }
                call.In("Lines", raw.ToArray());
                return call.Content(null, null, null, damaged: false);
        }
        return call.Content(call.Reader, call.Command, call.Response, damaged: returned && (call.Lines.RanOut || call.Lines.HasLeftOver));
    }

    private void InCard(DecodedCall call)
    {
        var card = call.Lines.NextHandle();
        call.In("Card", card);
        if (card is not null && _readerOfCard.TryGetValue(card, out var reader))
        {
            call.Reader = reader;
        }
    }

    private void DecodeConnect(DecodedCall call)
    {
        call.In("Context", call.Lines.NextHandle());
        call.Reader = call.Lines.Next();
        call.In("Reader", call.Reader);
        call.In("ShareMode", call.Lines.NextNumber() is { } share ? (ShareMode)share : null);
        call.In("PreferredProtocols", call.Lines.NextNumber() is { } preferred ? (CardProtocols)preferred : null);
        // The spy also logs phCard and pdwActiveProtocol as they were before the call: meaningless, skipped.
        call.Lines.Next();
        call.Lines.Next();
        var card = call.Out("Card", () => call.Lines.NextHandle()) as string;
        call.Out("ActiveProtocol", () => call.Lines.NextNumber() is { } active ? (CardProtocols)active : null);
        if (card is not null && call.Reader is not null)
        {
            _readerOfCard[card] = call.Reader;
        }
    }

    private static void DecodeGetStatusChange(DecodedCall call)
    {
        call.In("Context", call.Lines.NextHandle());
        call.In("Timeout", call.Lines.NextNumber() is { } timeout ? (uint)timeout : null);
        // A damaged count must not make the decoder wait for lines that cannot be there.
        var count = (int)Math.Min(call.Lines.NextNumber() ?? 0, (ulong)call.Lines.Remaining / ReaderStateLines);
        call.In("ReaderStates", ReaderStatesOf(call, count));
        if (call.Returned)
        {
            call.Out("ReaderStates", () => ReaderStatesOf(call, count));
        }
    }

    private const int ReaderStateLines = 5;

    private static TracedReaderState[] ReaderStatesOf(DecodedCall call, int count)
    {
        var states = new TracedReaderState[count];
        for (var i = 0; i < count; i++)
        {
            var reader = call.Lines.Next();
            var current = call.Lines.NextNumber();
            var changed = call.Lines.NextNumber();
            var atrLength = call.Lines.NextNumber();
            var atr = call.Lines.NextBuffer();
            states[i] = new TracedReaderState(reader, (ReaderStates?)(int?)current, (ReaderStates?)(int?)changed, atrLength, atr);
        }
        return states;
    }

    private void DecodeTransmit(DecodedCall call, TimeSpan? duration)
    {
        InCard(call);
        call.In("SendProtocol", call.Lines.NextNumber() is { } protocol ? (CardProtocols)protocol : null);
        call.Lines.Next();
        call.Lines.Next();
        var sent = call.Lines.NextBuffer();
        CommandApdu? command = null;
        if (sent is not null)
        {
            try
            {
                command = CommandApdu.Parse(sent.AsSpan()).ForDisplay(_showSecrets);
            }
            catch (ApduFormatException)
            {
                // Not an ISO 7816-4 command (a proprietary or damaged one): kept as bytes, its data hidden if INS names a secret.
            }
        }
        call.Command = command;
        call.In("Command", command is not null ? command : sent is { Length: >= 2 } && SecretCommands.CarriesSecret(sent[1]) && !_showSecrets ? null : sent);
        call.Out("ReceiveProtocol", () => call.Lines.NextNumber() is { } received ? (CardProtocols)received : null);
        if (!call.Returned)
        {
            return;
        }
        call.Lines.Next();
        call.Lines.Next();
        var answer = call.Lines.NextBuffer();
        if (command is not null && answer is { Length: >= 2 })
        {
            var elapsed = duration ?? TimeSpan.Zero;
            call.Response = new ResponseApdu(call.Reader ?? "", command, new HexBytes(answer.AsSpan()[..^2]), answer[^2], answer[^1], elapsed,
                new[] { new ApduExchange(command, answer, elapsed) });
        }
        call.Out("Response", () => call.Response is not null ? call.Response : answer);
    }

    private static void DecodeStatus(DecodedCall call)
    {
        call.In("Card", call.Lines.NextHandle());
        call.Lines.Next();
        call.Lines.Next();
        call.Out("ReaderNameLength", () => call.Lines.NextNumber());
        call.Reader = call.Out("Reader", () => NullIfNull(call.Lines.Next())) as string;
        call.Out("State", () => call.Lines.NextNumber());
        call.Out("Protocol", () => call.Lines.NextNumber() is { } protocol ? (CardProtocols)protocol : null);
        var atrLength = call.Lines.Next();
        call.Out("AtrLength", () => SpyArguments.Number(atrLength));
        if (atrLength is not null and not "NULL")
        {
            call.Out("Atr", () => call.Lines.NextBuffer());
        }
    }

    /// <summary>A multi-string as the spy writes it: its length in characters, then one line per string until that many are read.</summary>
    private static string[] MultiString(DecodedCall call)
    {
        var size = call.Lines.NextNumber() ?? 0;
        var strings = new List<string>();
        if (size == 0)
        {
            call.Lines.Next();
            return strings.ToArray();
        }
        ulong read = 0;
        while (read < size && call.Lines.Next() is { } line && line != "NULL")
        {
            if (line.Length > 0)
            {
                strings.Add(line);
            }
            read += (ulong)line.Length + 1;
        }
        return strings.ToArray();
    }

    private static string? NullIfNull(string? line) => line is "NULL" or "(null)" ? null : line;

    /// <summary>The named values read so far for one call.</summary>
    private sealed class DecodedCall
    {
        private readonly Dictionary<string, object?> _arguments = new();
        private readonly Dictionary<string, object?> _outputs = new();

        public DecodedCall(SpyArguments lines, bool returned)
        {
            Lines = lines;
            Returned = returned;
        }

        public SpyArguments Lines { get; }

        public bool Returned { get; }

        public string? Reader { get; set; }

        public CommandApdu? Command { get; set; }

        public ResponseApdu? Response { get; set; }

        public void In(string name, object? value) => _arguments[name] = value;

        /// <summary>Reads and records an output, only when the call returned (a call that never did has none to read).</summary>
        public object? Out(string name, Func<object?> read)
        {
            if (!Returned)
            {
                return null;
            }
            var value = read();
            _outputs[name] = value;
            return value;
        }

        public SpyCallContent Content(string? reader, CommandApdu? command, ResponseApdu? response, bool damaged) =>
            new(_arguments, _outputs, reader, command, response, damaged);
    }
}
