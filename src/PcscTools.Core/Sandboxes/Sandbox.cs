namespace PcscTools.Sandboxes;

/// <summary>The sandbox this process runs in: its kind and, when known, the app (flatpak app ID, snap name) or container manager.</summary>
public sealed record Sandbox(SandboxKind Kind, string? Name)
{
    public static Sandbox None { get; } = new(SandboxKind.None, null);

    public override string ToString() => Name is null ? Kind.ToString() : $"{Kind} ({Name})";
}
