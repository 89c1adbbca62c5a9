using PcscTools.Contexts;
using PcscTools.Interop;
using PcscTools.Readers;

namespace PcscTools.Simulator;

/// <summary>
/// Waits, through the real PC/SC stack, until pcscd's event handler has seen a card come or go in a reader: the reader's
/// event counter has moved on and the card is (or is not) there. The flags alone can run ahead of pcscd's own view: when
/// a client dies while the card is being taken out, pcscd's reset of the card fails and marks the reader empty without
/// counting an event, and a card inserted before the event handler's next look would then go unseen.
/// </summary>
internal sealed class ReaderStateWaiter : IDisposable
{
    private readonly PcscContext _context = PcscContext.Establish();
    private readonly ReaderStateRequest _request;
    private readonly int _eventsBefore;

    /// <summary>Takes the reader's state before the change to wait for.</summary>
    public ReaderStateWaiter(string readerName)
    {
        _request = new ReaderStateRequest(readerName);
        _context.WaitForChange([_request], TimeSpan.Zero);
        _eventsBefore = ReaderStateWord.EventCount(_request.EventState);
        _request.Acknowledge();
    }

    public void WaitFor(bool present, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!Reached(present))
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"pcscd did not report reader '{_request.ReaderName}' {(present ? "with" : "without")} a card in time.");
            }
            _context.WaitForChange([_request], remaining);
            _request.Acknowledge();
        }
    }

    private bool Reached(bool present)
    {
        var flags = ReaderStateWord.Flags(_request.CurrentState);
        return ReaderStateWord.EventCount(_request.CurrentState) != _eventsBefore
            && ((flags & ReaderStates.Present) != 0) == present && ((flags & ReaderStates.Empty) != 0) != present;
    }

    public void Dispose() => _context.Dispose();
}
