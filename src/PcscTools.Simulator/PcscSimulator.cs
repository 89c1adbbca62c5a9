using PcscTools.Interop;
using PcscTools.Simulator.Daemon;
using PcscTools.Simulator.VirtualCard;

namespace PcscTools.Simulator;

/// <summary>
/// The whole virtual stack in one object: a private pcscd with vpcd readers, this process pointed at it,
/// and virtual cards inserted and removed on demand. Real libpcsclite, real pcscd, real vpcd; only the card is ours.
/// One simulator runs per process at a time, because PCSCLITE_CSOCK_NAME is one variable of the process.
/// </summary>
public sealed class PcscSimulator : IDisposable
{
    private static readonly object Gate = new();
    private static PcscSimulator? _running;

    private readonly Dictionary<string, VpcdCardLink> _inserted = new(StringComparer.Ordinal);
    private readonly string? _previousSocket;

    private PcscSimulator(PrivatePcscDaemon daemon)
    {
        Daemon = daemon;
        _previousSocket = Environment.GetEnvironmentVariable(NativeEnvironment.SocketVariable);
        // PcscLibrary follows the variable: contexts established from now on talk to this daemon.
        NativeEnvironment.Set(NativeEnvironment.SocketVariable, daemon.SocketPath);
    }

    public PrivatePcscDaemon Daemon { get; }

    public string SocketPath => Daemon.SocketPath;

    public IReadOnlyList<string> ReaderNames => Daemon.Slots.Select(s => s.ReaderName).ToArray();

    /// <summary>The readers that hold a card now: a property rather than only <see cref="CardIn"/>, so that it travels with a deserialised simulator.</summary>
    public IReadOnlyList<string> ReadersWithCard => ReaderNames.Where(name => CardIn(name) is not null).ToArray();

    /// <summary>The simulator this process runs, if any.</summary>
    public static PcscSimulator? Running
    {
        get
        {
            lock (Gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Starts pcscd with <paramref name="vpcdEntries"/> × 2 readers and points this process's libpcsclite at it.</summary>
    public static PcscSimulator Start(int vpcdEntries = 1, string readerName = "PcscTools Virtual Reader", bool debugLog = false)
    {
        lock (Gate)
        {
            if (_running is not null)
            {
                throw new InvalidOperationException("A PC/SC simulator is already running in this process; stop it first.");
            }
            _running = new PcscSimulator(PrivatePcscDaemon.Start(vpcdEntries, readerName, debugLog));
            return _running;
        }
    }

    /// <summary>The card in a reader, or null.</summary>
    public VirtualCard.VirtualCard? CardIn(string readerName)
    {
        lock (_inserted)
        {
            return _inserted.TryGetValue(readerName, out var link) ? link.Card : null;
        }
    }

    /// <summary>Inserts a card (a new default one unless given) into a reader and returns it; with <paramref name="wait"/>, returns once pcscd reports it.</summary>
    public VirtualCard.VirtualCard InsertCard(string? readerName = null, VirtualCard.VirtualCard? card = null, bool wait = true)
    {
        var slot = FindSlot(readerName);
        card ??= new VirtualCard.VirtualCard();
        using var waiter = wait ? new ReaderStateWaiter(slot.ReaderName) : null;
        lock (_inserted)
        {
            if (_inserted.ContainsKey(slot.ReaderName))
            {
                throw new InvalidOperationException($"Reader '{slot.ReaderName}' already holds a card; remove it first.");
            }
            _inserted[slot.ReaderName] = VpcdCardLink.Insert(card, slot.Port);
        }
        waiter?.WaitFor(present: true);
        return card;
    }

    /// <summary>Removes the card from a reader (no-op when empty); with <paramref name="wait"/>, returns once pcscd reports it gone.</summary>
    public void RemoveCard(string? readerName = null, bool wait = true)
    {
        var slot = FindSlot(readerName);
        lock (_inserted)
        {
            if (!_inserted.ContainsKey(slot.ReaderName))
            {
                return;
            }
        }
        using var waiter = wait ? new ReaderStateWaiter(slot.ReaderName) : null;
        VpcdCardLink? link;
        lock (_inserted)
        {
            if (!_inserted.Remove(slot.ReaderName, out link))
            {
                return;
            }
        }
        link.Dispose();
        waiter?.WaitFor(present: false);
    }

    public void Dispose()
    {
        lock (_inserted)
        {
            foreach (var link in _inserted.Values)
            {
                link.Dispose();
            }
            _inserted.Clear();
        }
        Daemon.Dispose();
        NativeEnvironment.Set(NativeEnvironment.SocketVariable, _previousSocket);
        lock (Gate)
        {
            if (_running == this)
            {
                _running = null;
            }
        }
    }

    private VpcdSlot FindSlot(string? readerName)
    {
        if (readerName is null)
        {
            return Daemon.Slots[0];
        }
        return Daemon.Slots.FirstOrDefault(s => s.ReaderName.Equals(readerName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"The simulator has no reader '{readerName}'. Its readers: {string.Join(", ", ReaderNames)}.", nameof(readerName));
    }
}
