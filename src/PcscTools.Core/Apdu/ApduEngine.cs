using System.Diagnostics;
using PcscTools.Bytes;
using PcscTools.Cards;
using PcscTools.Errors;
using PcscTools.GivingUp;

namespace PcscTools.Apdu;

/// <summary>
/// Sends command APDUs over one connection and does what the transport leaves to the caller: fetches the rest of an
/// answer announced by 61xx with GET RESPONSE (joining the parts), re-sends once with the right Le after 6Cxx, and
/// sends a T=0 case-4 command without Le. Every APDU it exchanges is reported, nothing is rewritten silently.
/// The receive buffer is allocated once, at pcsc-lite's largest size, and reused for every command.
/// </summary>
public sealed class ApduEngine
{
    /// <summary>Enough GET RESPONSE rounds for the largest answer (256 × 256 bytes); a card that never stops saying 61xx is cut off there.</summary>
    private const int MaxGetResponses = 256;

    private const byte GetResponseIns = 0xC0;

    private readonly CardConnection _connection;
    private readonly byte[] _receive;
    private byte[] _joined = new byte[256];

    public ApduEngine(CardConnection connection)
    {
        _connection = connection;
        _receive = new byte[connection.MaxResponseLength];
    }

    /// <summary>When set, wraps each command before it is sent and unwraps its joined answer (a secure channel); follow-ups go as they are.</summary>
    public ISecureMessaging? SecureMessaging { get; set; }

    /// <summary>Sends <paramref name="command"/> and returns the card's complete answer.</summary>
    public ResponseApdu Transmit(CommandApdu command, ApduOptions? options = null)
    {
        options ??= ApduOptions.Default;
        var autoResponse = options.AutoResponse;
        var showSecrets = options.ShowSecrets;
        var started = Stopwatch.GetTimestamp();
        // Most commands take one exchange: it is kept alone, and a list made only when a follow-up comes.
        ApduExchange? first = null;
        List<ApduExchange>? exchanges = null;
        var joinedLength = 0;
        var resentForLe = false;
        var messaging = SecureMessaging;
        var wire = messaging?.Wrap(command) ?? command;
        var toSend = autoResponse && _connection.Protocol == CardProtocols.T0 && wire.Case == ApduCase.Case4Short ? wire.WithoutLe() : wire;
        for (var round = 0; ; round++)
        {
            var sent = round == 0 ? started : Stopwatch.GetTimestamp();
            int length;
            try
            {
                length = _connection.Transmit(toSend.Span, _receive, options.ResponseTimeout, options.Cancel);
            }
            catch (PcscException e) when (e.Code == PcscError.SharingViolation)
            {
                length = TransmitWhenFree(toSend, options);
            }
            var answered = Stopwatch.GetTimestamp();
            if (length < 2)
            {
                throw new PcscException(PcscError.NotTransacted, "SCardTransmit", _connection.Reader,
                    $"The card answered {toSend.ForDisplay(showSecrets)} with {length} byte(s), too few for a status word.");
            }
            var answer = new HexBytes(_receive.AsSpan(0, length));
            var exchange = new ApduExchange(toSend.ForDisplay(showSecrets), answer, Stopwatch.GetElapsedTime(sent, answered));
            if (first is null)
            {
                first = exchange;
            }
            else
            {
                (exchanges ??= [first]).Add(exchange);
            }
            options.Exchanged?.Invoke(exchange);
            var sw1 = _receive[length - 2];
            var sw2 = _receive[length - 1];
            var dataLength = length - 2;
            var getResponse = autoResponse && sw1 == 0x61 && round < MaxGetResponses;
            var resendWithLe = autoResponse && sw1 == 0x6C && !resentForLe && dataLength == 0;
            if (round == 0 && (getResponse || resendWithLe))
            {
                options.BeforeFollowUp?.Invoke();
            }
            if (getResponse)
            {
                Append(ref joinedLength, dataLength);
                toSend = new CommandApdu(GetResponseClass(command.Cla), GetResponseIns, 0, 0, le: sw2 == 0 ? 256 : sw2);
                continue;
            }
            if (resendWithLe)
            {
                resentForLe = true;
                toSend = toSend.WithLe(sw2 == 0 ? 256 : sw2);
                continue;
            }
            HexBytes data;
            if (joinedLength == 0)
            {
                // The data is the answer without its status word: one copy of the bytes serves both.
                data = answer.Prefix(dataLength);
            }
            else
            {
                Append(ref joinedLength, dataLength);
                data = new HexBytes(_joined.AsSpan(0, joinedLength));
            }
            if (messaging is not null)
            {
                data = messaging.Unwrap(data, sw1, sw2);
            }
            return new ResponseApdu(_connection.Reader, command.ForDisplay(showSecrets), data, sw1, sw2, Stopwatch.GetElapsedTime(started, answered),
                exchanges ?? (IReadOnlyList<ApduExchange>)new[] { first! });
        }
    }

    /// <summary>Another connection holds the card: retry until it lets go or the busy timeout passes (kept apart so the usual path allocates no closure).</summary>
    private int TransmitWhenFree(CommandApdu command, ApduOptions options) =>
        BusyCardRetry.Run(() => _connection.Transmit(command.Span, _receive, options.ResponseTimeout, options.Cancel), options.BusyTimeout, options.Cancel);

    /// <summary>Adds the data of the last answer (in the receive buffer) to the joined answer, growing its buffer when needed.</summary>
    private void Append(ref int joinedLength, int dataLength)
    {
        if (joinedLength + dataLength > _joined.Length)
        {
            Array.Resize(ref _joined, Math.Max(_joined.Length * 2, joinedLength + dataLength));
        }
        _receive.AsSpan(0, dataLength).CopyTo(_joined.AsSpan(joinedLength));
        joinedLength += dataLength;
    }

    /// <summary>GET RESPONSE keeps an interindustry command's logical channel; after a proprietary class it is sent with CLA 00.</summary>
    private static byte GetResponseClass(byte cla) => (cla & 0x80) != 0 ? (byte)0x00 : (cla & 0x40) != 0 ? (byte)(cla & 0x4F) : (byte)(cla & 0x03);
}
