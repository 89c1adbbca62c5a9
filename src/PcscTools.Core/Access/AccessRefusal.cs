namespace PcscTools.Access;

/// <summary>
/// pcscd refused this process through polkit: which action (and reader), for which user, what polkit itself
/// says, why this process is likely refused, and the rules file that admits it.
/// </summary>
public sealed record AccessRefusal
{
    /// <summary>The polkit action refused: <see cref="PolkitAction.AccessPcsc"/>, or <see cref="PolkitAction.AccessCard"/> for <see cref="Reader"/>.</summary>
    public required string Action { get; init; }

    public string? Reader { get; init; }

    public required string User { get; init; }

    /// <summary>What polkit answers when asked directly (Unknown when it cannot be asked from here).</summary>
    public required PolkitAnswer Polkit { get; init; }

    /// <summary>Why this process is likely not admitted (SSH, a service, a sandbox...).</summary>
    public required string LikelyReason { get; init; }

    public required PolkitRule Rule { get; init; }

    /// <summary>"AccessDenied" (pcscd as a whole) or "ReaderAccessDenied" (one reader): the stable error id.</summary>
    public string ErrorId => Reader is null ? "AccessDenied" : "ReaderAccessDenied";

    public required string Message { get; init; }

    /// <summary>The rules file with its text, or pcscd without polkit.</summary>
    public required string Remedy { get; init; }

    public override string ToString() => $"{Message} {Remedy}";
}
