using PcscTools.Readers;

namespace PcscTools.Monitoring;

/// <summary>Turns two snapshots of the readers into the events that lead from one to the other.</summary>
public static class ReaderChanges
{
    /// <summary>The flags whose change is reported as <see cref="CardEventKind.StateChanged"/>; power and ATR-match bits are pcscd's business.</summary>
    private const ReaderStates Reported = ReaderStates.Exclusive | ReaderStates.InUse | ReaderStates.Mute;

    /// <summary>
    /// The events between <paramref name="before"/> and <paramref name="after"/>, in reader order: readers gone first, then
    /// changes and new readers in the order of <paramref name="after"/>. Event counters are compared only when
    /// <paramref name="sameService"/> is true, because a restarted pcscd counts from zero again.
    /// </summary>
    public static IEnumerable<CardEvent> Between(IReadOnlyList<PcscReader> before, IReadOnlyList<PcscReader> after, DateTimeOffset time, bool sameService = true)
    {
        var previous = before.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var current = after.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in before.Where(r => !current.Contains(r.Name)))
        {
            if (gone.CardPresent)
            {
                yield return new CardEvent(CardEventKind.CardRemoved, gone, time);
            }
            yield return new CardEvent(CardEventKind.ReaderRemoved, gone, time);
        }
        foreach (var reader in after)
        {
            var events = previous.TryGetValue(reader.Name, out var old)
                ? Changes(old, reader, time, sameService)
                : Added(reader, time);
            foreach (var change in events)
            {
                yield return change;
            }
        }
    }

    /// <summary>What pcsc_scan reports at start: each reader with its card inserted, or removed when empty.</summary>
    public static CardEvent Initial(PcscReader reader, DateTimeOffset time) =>
        new(reader.CardPresent ? CardEventKind.CardInserted : CardEventKind.CardRemoved, reader, time, isInitial: true);

    private static IEnumerable<CardEvent> Added(PcscReader reader, DateTimeOffset time)
    {
        yield return new CardEvent(CardEventKind.ReaderAdded, reader, time);
        if (reader.CardPresent)
        {
            yield return new CardEvent(CardEventKind.CardInserted, reader, time);
        }
    }

    private static IEnumerable<CardEvent> Changes(PcscReader old, PcscReader now, DateTimeOffset time, bool sameService)
    {
        if (old.CardPresent != now.CardPresent)
        {
            yield return new CardEvent(now.CardPresent ? CardEventKind.CardInserted : CardEventKind.CardRemoved, now, time);
            yield break;
        }
        // Same presence but the card was swapped between two looks: pcscd counted a removal and an insertion.
        var swapped = now.CardPresent && (sameService ? now.EventCount != old.EventCount : !now.Atr.Equals(old.Atr));
        if (swapped)
        {
            yield return new CardEvent(CardEventKind.CardRemoved, old, time);
            yield return new CardEvent(CardEventKind.CardInserted, now, time);
            yield break;
        }
        if ((old.State & Reported) != (now.State & Reported))
        {
            yield return new CardEvent(CardEventKind.StateChanged, now, time);
        }
    }
}
