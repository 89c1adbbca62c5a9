using PcscTools.Atr;
using PcscTools.Bytes;
using PcscTools.Simulator.VirtualCard.GlobalPlatform;
using PcscTools.Simulator.VirtualCard.SecureMessaging;

namespace PcscTools.Simulator.VirtualCard;

/// <summary>
/// The project's virtual smart card: an ATR, a table of scripted answers, and built-in ISO 7816-4 commands
/// (SELECT, READ BINARY, UPDATE BINARY, GET CHALLENGE, GET RESPONSE) over a small file system.
/// It knows nothing of transport: <see cref="VpcdCardLink"/> carries its answers to vpcd.
/// </summary>
public sealed class VirtualCard
{
    /// <summary>TS=3B, T0=80, TD1=80, TD2=01 (T=1), TCK=01: a minimal valid ATR offering T=1.</summary>
    public static readonly HexBytes DefaultAtr = new("3B 80 80 01 01");

    private readonly object _gate = new();
    private readonly List<(HexPattern Pattern, byte[] Response)> _scripted = new();
    private readonly List<(HexPattern Pattern, byte[] Response)> _replay = new();
    private int _replayNext;
    private byte[] _pendingResponse = Array.Empty<byte>();
    private readonly EnvelopeBuffer _envelope = new();
    private HexBytes _atr = DefaultAtr;
    private bool _t0;

    public VirtualCard(HexBytes? atr = null)
    {
        Atr = atr ?? DefaultAtr;
        // As on real cards, the security domain's content commands need an authenticated secure channel (else 6982).
        GlobalPlatform.AllowContentCommandsWhen(() => SecureMessaging.IsAuthenticated);
    }

    public HexBytes Atr
    {
        get => _atr;
        set
        {
            _atr = value;
            // pcscd prefers T=1 when the card offers it: the card speaks T=0 only when that is all it offers.
            var protocols = AtrDecoder.Decode(value).Protocols;
            _t0 = protocols.Contains("T=0") && !protocols.Contains("T=1");
        }
    }

    public CardFileSystem Files { get; } = CardFileSystem.CreateDefault();

    /// <summary>
    /// The issuer security domain, its registry and what STORE DATA wrote (GlobalPlatform). Its content commands need an
    /// authenticated secure channel (<see cref="IsSecureChannelAuthenticated"/>) unless <see cref="GpCardContent.PlainContentCommands"/>.
    /// </summary>
    public GpCardContent GlobalPlatform { get; } = new();

    /// <summary>Answer long responses with 61xx and hand out the data through GET RESPONSE, as T=0 cards do.</summary>
    public bool ChainResponses { get; set; }

    /// <summary>Answer 6Cxx when a command asks for a wrong, non-zero Le, as strict T=0 cards do.</summary>
    public bool StrictLe { get; set; }

    /// <summary>How long the card waits before each answer (a slow card).</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>The issuer security domain's secure channel side (SCP03 with the test keys unless set otherwise).</summary>
    public CardSecureMessaging SecureMessaging { get; } = new();

    /// <summary>Whether a secure channel is authenticated now (commands that need one check this).</summary>
    public bool IsSecureChannelAuthenticated => SecureMessaging.IsAuthenticated;

    /// <summary>Every command APDU the card received, in order (for tests that check what reached the card).</summary>
    public IReadOnlyList<HexBytes> ReceivedCommands
    {
        get
        {
            lock (_gate)
            {
                return _received.ToArray();
            }
        }
    }

    private readonly List<HexBytes> _received = new();

    /// <summary>The scripted answers (pattern → response), in the order they are tried.</summary>
    public IReadOnlyList<KeyValuePair<string, HexBytes>> Responses
    {
        get
        {
            lock (_gate)
            {
                return _scripted.Select(s => KeyValuePair.Create(s.Pattern.Text, new HexBytes(s.Response))).ToArray();
            }
        }
    }

    /// <summary>Answers every command matching <paramref name="pattern"/> with <paramref name="response"/> (hex, status word included). Earlier entries win.</summary>
    public VirtualCard Respond(string pattern, string response)
    {
        lock (_gate)
        {
            _scripted.Add((new HexPattern(pattern), Hex.Parse(response)));
        }
        return this;
    }

    /// <summary>
    /// Answers the next command matching <paramref name="pattern"/> once, in order with the other replayed answers: a command
    /// is answered by the first matching entry after the last one used; what matches none falls through to Respond and the built-ins.
    /// </summary>
    public VirtualCard Replay(string pattern, string response)
    {
        lock (_gate)
        {
            _replay.Add((new HexPattern(pattern), Hex.Parse(response)));
        }
        return this;
    }

    /// <summary>Power-on or reset: volatile state is lost.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _pendingResponse = Array.Empty<byte>();
            Files.Reset();
            GlobalPlatform.Reset();
            _envelope.Reset();
            SecureMessaging.Reset();
        }
    }

    /// <summary>
    /// Answers one command. Replayed answers match it as it arrives; then secure messaging takes INITIALIZE UPDATE and
    /// EXTERNAL AUTHENTICATE and opens a secured command, and scripted answers and the built-ins see the plain command.
    /// </summary>
    public byte[] Process(ReadOnlySpan<byte> command)
    {
        lock (_gate)
        {
            // Recorded on arrival, before the delay: a test can see that a slow card has the command and is working on it.
            _received.Add(new HexBytes(command));
        }
        if (ResponseDelay > TimeSpan.Zero)
        {
            Thread.Sleep(ResponseDelay);
        }
        lock (_gate)
        {
            if (command.Length < 4)
            {
                return StatusWord.WrongLength;
            }
            for (var i = _replayNext; i < _replay.Count; i++)
            {
                if (_replay[i].Pattern.Matches(command))
                {
                    _replayNext = i + 1;
                    return _replay[i].Response;
                }
            }
            // On T=0 a case-4 command comes without Le (ISO 7816-3): the card works as if Le were maximal and announces its
            // answer with 61xx, to be fetched with GET RESPONSE.
            var withoutLe = _t0 && new ParsedCommand(command).Le is null;
            if (SecureMessaging.Receive(command.ToArray(), out var plain) is { } handled)
            {
                return withoutLe ? Announce(handled) : handled;
            }
            foreach (var (pattern, response) in _scripted)
            {
                if (pattern.Matches(plain))
                {
                    var scripted = SecureMessaging.Protect(response);
                    return withoutLe ? Announce(scripted) : scripted;
                }
            }
            var apdu = new ParsedCommand(withoutLe ? [.. plain, 0x00] : plain);
            if (apdu.Ins == EnvelopeBuffer.Ins && (apdu.Cla & 0x80) == 0)
            {
                var whole = _envelope.Add(apdu);
                if (whole is null)
                {
                    return SecureMessaging.Protect(StatusWord.Success);
                }
                if (whole.Length < 4)
                {
                    return SecureMessaging.Protect(StatusWord.WrongLength);
                }
                apdu = new ParsedCommand(whole);
            }
            if (apdu.Ins == 0xC0)
            {
                return GetResponse(apdu);
            }
            var delivered = Deliver(apdu, SecureMessaging.Protect(BuiltInCommands.Execute(this, apdu)), withoutLe);
            if (delivered.Length == 2 && delivered[0] == 0x6C)
            {
                // The host sends the same secured command again with the right Le: as if this one had not come.
                SecureMessaging.Rewind();
            }
            return delivered;
        }
    }

    private byte[] Deliver(ParsedCommand apdu, byte[] answer, bool withoutLe)
    {
        var data = answer.AsSpan(0, answer.Length - 2);
        var success = answer[^2] == 0x90 && answer[^1] == 0x00;
        if (success && data.Length > 0 && StrictLe && apdu.Le is { } le && !apdu.LeIsMaximum && le != data.Length)
        {
            return new byte[] { 0x6C, (byte)Math.Min(data.Length, 256) };
        }
        return ChainResponses || withoutLe ? Announce(answer) : answer;
    }

    /// <summary>A successful answer with data becomes 61xx, its data kept for GET RESPONSE; any other answer goes as it is.</summary>
    private byte[] Announce(byte[] answer)
    {
        if (answer.Length <= 2 || answer[^2] != 0x90 || answer[^1] != 0x00)
        {
            return answer;
        }
        _pendingResponse = answer.AsSpan(0, answer.Length - 2).ToArray();
        return new byte[] { 0x61, (byte)Math.Min(_pendingResponse.Length, 256) };
    }

    private byte[] GetResponse(ParsedCommand apdu)
    {
        if (_pendingResponse.Length == 0)
        {
            return StatusWord.ConditionsNotSatisfied;
        }
        var want = apdu.Le ?? 256;
        var take = Math.Min(want, _pendingResponse.Length);
        var chunk = _pendingResponse.AsSpan(0, take).ToArray();
        _pendingResponse = _pendingResponse.AsSpan(take).ToArray();
        var sw = _pendingResponse.Length == 0
            ? new byte[] { 0x90, 0x00 }
            : new byte[] { 0x61, (byte)Math.Min(_pendingResponse.Length, 256) };
        return [.. chunk, .. sw];
    }
}
