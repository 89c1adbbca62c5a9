using System.Diagnostics;
using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.Cards;
using PcscTools.Contexts;
using PcscTools.Errors;
using PcscTools.GivingUp;

namespace PcscTools.Sessions;

/// <summary>
/// A held connection to the card in one reader, with its own PC/SC context: sends APDUs through an <see cref="ApduEngine"/>,
/// keeps a short history of what was exchanged (secrets redacted), and is registered until closed so that leftovers can be closed for the user.
/// </summary>
public sealed class CardSession : IDisposable
{
    /// <summary>How many exchanges the history keeps; older ones are dropped, so long batches do not grow it.</summary>
    public const int HistoryLength = 100;

    private static int _lastId;

    private readonly PcscContext _context;
    private readonly CardConnection _connection;
    private readonly ApduEngine _engine;
    private readonly CardProtocols _requestedProtocols;
    private readonly Queue<ApduExchange> _history = new();
    private int _closed;
    private string? _text;

    private CardSession(PcscContext context, CardConnection connection, CardProtocols requestedProtocols, object? owner)
    {
        _context = context;
        _connection = connection;
        _requestedProtocols = requestedProtocols;
        _engine = new ApduEngine(connection);
        Owner = owner;
        Id = Interlocked.Increment(ref _lastId);
        OpenedAt = DateTime.Now;
        Atr = ReadAtr();
    }

    /// <summary>A number unique in this process, for telling sessions apart.</summary>
    public int Id { get; }

    public string Reader => _connection.Reader;

    public ShareMode ShareMode => _connection.ShareMode;

    /// <summary>The protocol in use (T0, T1, Raw; None for a direct connection).</summary>
    public CardProtocols Protocol => _connection.Protocol;

    /// <summary>The card's answer to reset when the session was opened or last reconnected (empty for a direct connection without a card).</summary>
    public HexBytes Atr { get; private set; }

    public DateTime OpenedAt { get; }

    public bool IsOpen => Volatile.Read(ref _closed) == 0;

    /// <summary>Whether a command the card takes too long over can be given up on (<see cref="ApduOptions.ResponseTimeout"/>, cancellation).</summary>
    public bool CanGiveUp => _connection.CanInterrupt;

    /// <summary>Who opened the session (e.g. a runspace); <see cref="SessionRegistry.CloseAll"/> can close one owner's sessions.</summary>
    public object? Owner { get; }

    /// <summary>The secure channel every command of this session goes through, if one is open (SecureChannel.Open sets it).</summary>
    public ISecureMessaging? SecureMessaging
    {
        get => _engine.SecureMessaging;
        set => _engine.SecureMessaging = value;
    }

    /// <summary>
    /// The most data bytes one short command may carry on this session: 255 in plain; inside a secure channel less, so that
    /// the wrapped command (C-DECRYPTION's padding, the MAC) is still a short APDU (239 at SCP03 C-MAC + C-DECRYPTION).
    /// The one place that decides how long command chaining's, ENVELOPE's and STORE DATA's blocks are.
    /// </summary>
    public int MaxBlockLength => SecureMessaging?.MaxDataLength(CommandChaining.MaxBlockLength) ?? CommandChaining.MaxBlockLength;

    /// <summary>The last <see cref="HistoryLength"/> exchanges, oldest first, with secrets redacted unless they were shown when sent.</summary>
    public IReadOnlyList<ApduExchange> History
    {
        get
        {
            lock (_history)
            {
                return _history.ToArray();
            }
        }
    }

    /// <summary>
    /// However short the wait for a busy card, a connect or the start of a transaction may take this long before it is
    /// given up on: pcscd may be powering the card up (a slow card's answer to reset can take a second).
    /// </summary>
    private static readonly TimeSpan PcscdAllowance = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Connects to the card in <paramref name="reader"/>, waiting up to <paramref name="timeout"/> while another connection
    /// holds it (exclusively, or in a transaction, which pcscd makes a connect wait for).
    /// </summary>
    public static CardSession Open(string reader, ShareMode shareMode = ShareMode.Shared, CardProtocols protocols = CardProtocols.Any,
        TimeSpan? timeout = null, CancellationToken cancel = default, object? owner = null)
    {
        var context = PcscContext.Establish();
        try
        {
            var connection = BusyCardRetry.Run(
                left => context.Connect(reader, shareMode, protocols, AtLeastPcscdAllowance(left), cancel),
                timeout ?? TimeSpan.Zero, cancel);
            var session = new CardSession(context, connection, protocols, owner);
            SessionRegistry.Add(session);
            return session;
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends one command; see <see cref="ApduEngine.Transmit"/>. The exchanges go into <see cref="History"/>. A command given
    /// up on (its response timeout passed, or it was cancelled while the card worked on it) closes the session.
    /// </summary>
    public ResponseApdu Transmit(CommandApdu command, ApduOptions? options = null)
    {
        options ??= ApduOptions.Default;
        if (LongCommand.Parts(command, Protocol, options, MaxBlockLength) is { } parts)
        {
            return LongCommand.Send(command, parts, part => Transmit(part, options), options.ShowSecrets);
        }
        ResponseApdu response;
        try
        {
            response = _engine.Transmit(command, options);
        }
        catch when (_connection.WasInterrupted)
        {
            // Giving up closed the context's connection to pcscd: nothing more can go through this session.
            Close();
            throw;
        }
        var exchanges = response.Exchanges;
        lock (_history)
        {
            // By index: a foreach over the interface would allocate an enumerator per command.
            for (var i = 0; i < exchanges.Count; i++)
            {
                if (_history.Count == HistoryLength)
                {
                    _history.Dequeue();
                }
                _history.Enqueue(exchanges[i]);
            }
        }
        return response;
    }

    /// <summary>Starts a transaction (no other connection may use the card until it ends), waiting up to <paramref name="timeout"/> for another one to end.</summary>
    /// <remarks>
    /// libpcsclite's SCardBeginTransaction retries a held lock forever, whatever PCSCLITE_NO_BLOCKING says; SCardStatus honours it.
    /// So the wait happens on SCardStatus, and the transaction begins once the card is free. Should another program begin
    /// one in between, the SCardBeginTransaction is given up when the time is up, which closes the session.
    /// </remarks>
    public void BeginTransaction(TimeSpan timeout, CancellationToken cancel = default)
    {
        var started = Stopwatch.GetTimestamp();
        BusyCardRetry.Run(() => _connection.Status(), timeout, cancel);
        try
        {
            _connection.BeginTransaction(AtLeastPcscdAllowance(timeout - Stopwatch.GetElapsedTime(started)), cancel);
        }
        catch when (_connection.WasInterrupted)
        {
            Close();
            throw;
        }
    }

    public void EndTransaction(CardDisposition disposition = CardDisposition.Leave) => _connection.EndTransaction(disposition);

    /// <summary>Re-establishes the connection after the card was reset (by another program or this one), keeping share mode and protocols.</summary>
    public void Reconnect(CardDisposition initialization = CardDisposition.Leave, TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        BusyCardRetry.Run(() => _connection.Reconnect(_connection.ShareMode, _requestedProtocols, initialization), timeout ?? TimeSpan.Zero, cancel);
        _text = null;
        // The card may have been reset: a secure channel does not survive that.
        SecureMessaging?.Close();
        Atr = ReadAtr();
    }

    /// <summary>
    /// Sends a reader control code (SCardControl). <paramref name="code"/> is either the driver's function number (e.g. 3400 for
    /// CM_IOCTL_GET_FEATURE_REQUEST) or an already complete platform code (0x42000000 + n on pcsc-lite); both are accepted.
    /// </summary>
    public byte[] Control(uint code, ReadOnlySpan<byte> input)
    {
        var first = _context.Api.ControlCode(0);
        var function = code >= first ? code - first : code;
        return _connection.Control((int)function, input, _connection.MaxResponseLength);
    }

    public byte[] GetAttribute(ReaderAttribute attribute) => _connection.GetAttribute((uint)attribute);

    /// <summary>Closes the connection, doing <paramref name="disposition"/> to the card. Closing twice does nothing.</summary>
    public void Close(CardDisposition disposition = CardDisposition.Leave)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        SessionRegistry.Remove(this);
        try
        {
            _connection.Disconnect(disposition);
        }
        finally
        {
            _context.Dispose();
        }
    }

    public void Dispose() => Close();

    private static TimeSpan AtLeastPcscdAllowance(TimeSpan wait) => wait > PcscdAllowance ? wait : PcscdAllowance;

    /// <summary>Made once per connection state: PowerShell's parameter binding asks for it on every command given the session.</summary>
    public override string ToString() => _text ??= $"Session {Id} on '{Reader}' ({Protocol}, {ShareMode})";

    private HexBytes ReadAtr()
    {
        try
        {
            return new HexBytes(_connection.Status().Atr);
        }
        catch (PcscException) when (_connection.ShareMode == ShareMode.Direct)
        {
            return HexBytes.Empty;
        }
    }
}
