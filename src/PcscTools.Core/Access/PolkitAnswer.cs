namespace PcscTools.Access;

/// <summary>polkit's verdict for one action (and reader), with what pkcheck said or why it could not be asked.</summary>
public sealed record PolkitAnswer(string Action, string? Reader, PolkitVerdict Verdict, string Detail)
{
    /// <summary>Whether pcscd would refuse: it never asks for authentication.</summary>
    public bool Refuses => Verdict is PolkitVerdict.Denied or PolkitVerdict.NeedsAuthentication;

    public override string ToString() => Reader is null ? $"{Action}: {Verdict}" : $"{Action} ('{Reader}'): {Verdict}";
}
