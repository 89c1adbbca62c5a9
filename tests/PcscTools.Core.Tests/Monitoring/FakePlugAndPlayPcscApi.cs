using PcscTools.Errors;
using PcscTools.Interop;
using PcscTools.Readers;

namespace PcscTools.Tests.Monitoring;

/// <summary>
/// A FAKE PC/SC service, only for what the real stack here cannot do: readers plugged in and unplugged while a
/// client waits (vpcd readers come from pcscd's configuration at start). Its SCardGetStatusChange follows
/// pcsc-lite 1.9.9's client: unknown names fail, a changed reader word or a changed reader count on the
/// <c>\\?PnP?\Notification</c> entry ends the wait, SCardCancel ends it with SCARD_E_CANCELLED.
/// Everything about cards beyond presence is out of its scope and throws.
/// </summary>
internal sealed class FakePlugAndPlayPcscApi : IPcscApi
{
    private readonly object _gate = new();
    private readonly List<(string Name, bool Card, int Events)> _readers = new();
    private readonly HashSet<nint> _cancelled = new();
    private nint _nextContext = 1;
    private bool _blocked;

    public string LibraryName => "fake plug-and-play service";

    public int MaxResponseLength => 258;

    public int OpenContexts { get; private set; }

    public static readonly byte[] Atr = [0x3B, 0x02, 0x14, 0x50];

    /// <summary>
    /// Returns once a client is blocked in SCardGetStatusChange. Like pcsc-lite before protocol 4.5, this service sees
    /// a reader plugged in only against its count at the start of a wait, so tests plug readers while one is waiting.
    /// </summary>
    public void WaitUntilBlocked()
    {
        lock (_gate)
        {
            while (!_blocked)
            {
                Assert.True(Monitor.Wait(_gate, TimeSpan.FromSeconds(10)), "no client is waiting");
            }
        }
    }

    public void Plug(string name, bool card = false) => Change(() => _readers.Add((name, card, 0)));

    public void Unplug(string name) => Change(() => _readers.RemoveAll(r => r.Name == name));

    public void Insert(string name) => Change(() =>
    {
        var index = _readers.FindIndex(r => r.Name == name);
        _readers[index] = (name, true, _readers[index].Events + 1);
    });

    private void Change(Action change)
    {
        lock (_gate)
        {
            change();
            Monitor.PulseAll(_gate);
        }
    }

    public PcscError EstablishContext(uint scope, out nint context)
    {
        lock (_gate)
        {
            context = _nextContext++;
            OpenContexts++;
            return PcscError.Success;
        }
    }

    public PcscError ReleaseContext(nint context)
    {
        lock (_gate)
        {
            OpenContexts--;
            return PcscError.Success;
        }
    }

    public PcscError IsValidContext(nint context) => PcscError.Success;

    public PcscError ListReaders(nint context, out string[] readers)
    {
        lock (_gate)
        {
            readers = _readers.Select(r => r.Name).ToArray();
            return PcscError.Success;
        }
    }

    public PcscError GetStatusChange(nint context, TimeSpan? timeout, IReadOnlyList<ReaderStateRequest> requests)
    {
        var deadline = timeout is { } t ? DateTime.UtcNow + t : DateTime.MaxValue;
        lock (_gate)
        {
            var countAtStart = _readers.Count;
            if (requests.Any(r => r.ReaderName != ReaderStateRequest.PlugAndPlayName && _readers.All(x => x.Name != r.ReaderName)))
            {
                return PcscError.UnknownReader;
            }
            while (true)
            {
                if (_cancelled.Remove(context))
                {
                    return PcscError.Cancelled;
                }
                var changed = false;
                foreach (var request in requests)
                {
                    if (request.ReaderName == ReaderStateRequest.PlugAndPlayName)
                    {
                        request.EventState = _readers.Count != countAtStart ? (uint)ReaderStates.Changed : 0;
                        changed |= _readers.Count != countAtStart;
                        continue;
                    }
                    var reader = _readers.FirstOrDefault(r => r.Name == request.ReaderName);
                    if (reader.Name is null)
                    {
                        request.EventState = (uint)(ReaderStates.Unknown | ReaderStates.Changed);
                        changed = true;
                        continue;
                    }
                    var word = ReaderStateWord.Join(reader.Card ? ReaderStates.Present : ReaderStates.Empty, reader.Events);
                    request.Atr = reader.Card ? Atr : [];
                    request.EventState = word;
                    if (word != request.CurrentState)
                    {
                        request.EventState |= (uint)ReaderStates.Changed;
                        changed = true;
                    }
                }
                if (changed)
                {
                    return PcscError.Success;
                }
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return PcscError.Timeout;
                }
                _blocked = true;
                Monitor.PulseAll(_gate);
                Monitor.Wait(_gate, left > TimeSpan.FromDays(1) ? Timeout.InfiniteTimeSpan : left);
                _blocked = false;
            }
        }
    }

    public PcscError Cancel(nint context)
    {
        Change(() => _cancelled.Add(context));
        return PcscError.Success;
    }

    public PcscError Connect(nint context, string reader, uint shareMode, uint preferred, out nint card, out uint active) => throw new NotSupportedException();

    public PcscError Reconnect(nint card, uint shareMode, uint preferred, uint initialization, out uint active) => throw new NotSupportedException();

    public PcscError Disconnect(nint card, uint disposition) => throw new NotSupportedException();

    public PcscError BeginTransaction(nint card) => throw new NotSupportedException();

    public PcscError EndTransaction(nint card, uint disposition) => throw new NotSupportedException();

    public PcscError Transmit(nint card, uint protocol, ReadOnlySpan<byte> command, Span<byte> response, out int received) => throw new NotSupportedException();

    public PcscError Status(nint card, out CardStatusReply status) => throw new NotSupportedException();

    public PcscError Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int returned) => throw new NotSupportedException();

    public PcscError GetAttribute(nint card, uint attributeId, Span<byte> value, out int length) => throw new NotSupportedException();

    public PcscError SetAttribute(nint card, uint attributeId, ReadOnlySpan<byte> value) => throw new NotSupportedException();

    public uint ControlCode(int function) => 0x42000000u + (uint)function;
}
