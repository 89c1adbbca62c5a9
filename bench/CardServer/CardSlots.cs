using System.Diagnostics;
using PcscTools.Simulator;
using PcscTools.Simulator.VirtualCard;

namespace PcscTools.Bench.CardServer;

/// <summary>
/// The vpcd slots this server serves, each with one virtual card that stays the same across insertions (its files
/// keep what a client wrote). Inserting is connecting the card to the slot's port, removing is closing that link.
/// </summary>
internal sealed class CardSlots : IDisposable
{
    private readonly Dictionary<string, (int Port, VirtualCard Card)> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VpcdCardLink> _links = new(StringComparer.Ordinal);

    public CardSlots(IEnumerable<(string Reader, int Port)> slots)
    {
        foreach (var (reader, port) in slots)
        {
            _slots[reader] = (port, new VirtualCard());
        }
    }

    /// <summary>Inserts the reader's card; returns CLOCK_MONOTONIC (Stopwatch's clock on Linux) just before the connect.</summary>
    public long Insert(string reader, bool wait)
    {
        var (port, card) = Slot(reader);
        if (_links.ContainsKey(reader))
        {
            throw new InvalidOperationException($"Reader '{reader}' already holds the card.");
        }
        using var waiter = wait ? new ReaderStateWaiter(reader) : null;
        var stamp = Stopwatch.GetTimestamp();
        _links[reader] = VpcdCardLink.Insert(card, port);
        waiter?.WaitFor(present: true);
        return stamp;
    }

    /// <summary>Removes the reader's card; returns CLOCK_MONOTONIC just before the link closes.</summary>
    public long Remove(string reader, bool wait)
    {
        Slot(reader);
        if (!_links.Remove(reader, out var link))
        {
            throw new InvalidOperationException($"Reader '{reader}' holds no card.");
        }
        using var waiter = wait ? new ReaderStateWaiter(reader) : null;
        var stamp = Stopwatch.GetTimestamp();
        link.Dispose();
        waiter?.WaitFor(present: false);
        return stamp;
    }

    public void Dispose()
    {
        foreach (var link in _links.Values)
        {
            link.Dispose();
        }
        _links.Clear();
    }

    private (int Port, VirtualCard Card) Slot(string reader) =>
        _slots.TryGetValue(reader, out var slot) ? slot : throw new ArgumentException($"No slot for reader '{reader}'; the server serves: {string.Join(", ", _slots.Keys)}.");
}
