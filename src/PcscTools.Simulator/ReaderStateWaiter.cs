using PcscTools.Contexts;
using PcscTools.Readers;

namespace PcscTools.Simulator;

/// <summary>Waits, through the real PC/SC stack, until pcscd reports a reader with or without a card.</summary>
internal static class ReaderStateWaiter
{
    public static void WaitFor(string readerName, bool present, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        using var context = PcscContext.Establish();
        var request = new ReaderStateRequest(readerName);
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"pcscd did not report reader '{readerName}' {(present ? "with" : "without")} a card in time.");
            }
            context.WaitForChange([request], remaining);
            var flags = ReaderStateWord.Flags(request.EventState);
            if (((flags & ReaderStates.Present) != 0) == present && (flags & ReaderStates.Empty) != 0 != present)
            {
                return;
            }
            request.Acknowledge();
        }
    }
}
