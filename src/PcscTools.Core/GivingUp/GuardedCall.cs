using PcscTools.Errors;

namespace PcscTools.GivingUp;

/// <summary>
/// One PC/SC call that pcscd may hold without end, as <see cref="CallGuard.Run"/> runs it: what it is (for the error), how long
/// it may take (none: as long as it takes), the token that cancels it, and what giving up at the limit says.
/// </summary>
/// <param name="TimedOutCode">The code of the error a call given up at its limit ends with.</param>
/// <param name="TimedOutFormat">Its message, given the limit in seconds ({0}).</param>
/// <param name="AskFirst">A cancellation first asks libpcsclite (SCardCancel), which ends a status-change wait and keeps the context.</param>
internal readonly record struct GuardedCall(
    string Operation,
    string? Target,
    TimeSpan? Limit,
    CancellationToken Cancel,
    PcscError TimedOutCode = PcscError.Timeout,
    string TimedOutFormat = GuardedCall.NoAnswer,
    bool AskFirst = false)
{
    /// <summary>What a card silent past its limit says.</summary>
    public const string NoAnswer = "The card gave no answer within {0:0.###} s.";

    /// <summary>What a wait for another program's transaction, given up at its limit, says.</summary>
    public const string HeldByTransaction = "Another program's transaction still held it after {0:0.###} s of waiting.";
}
