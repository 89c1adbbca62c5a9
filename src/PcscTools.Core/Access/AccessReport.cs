namespace PcscTools.Access;

/// <summary>Whether this process may use pcscd and its readers: pcscd's use of polkit, polkit's verdicts, the refusal found, and what could not be seen.</summary>
public sealed record AccessReport
{
    /// <summary>Whether pcscd enforces polkit; null when that cannot be seen from here.</summary>
    public bool? PolkitEnforced { get; init; }

    /// <summary>How <see cref="PolkitEnforced"/> was learnt, or why it could not be.</summary>
    public required string Enforcement { get; init; }

    /// <summary>polkit's verdict on org.debian.pcsc-lite.access_pcsc for this process.</summary>
    public required PolkitAnswer Pcscd { get; init; }

    /// <summary>polkit's verdict on org.debian.pcsc-lite.access_card for each reader.</summary>
    public required IReadOnlyList<PolkitAnswer> Readers { get; init; }

    /// <summary>The refusal pcscd makes, when it makes one.</summary>
    public AccessRefusal? Refusal { get; init; }

    public required IReadOnlyList<string> Unseen { get; init; }

    public override string ToString() =>
        Refusal?.Message ?? $"{Pcscd}{string.Concat(Readers.Select(r => $"; {r}"))}";
}
