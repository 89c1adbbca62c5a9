namespace PcscTools.Sandboxes;

/// <summary>The kind of sandbox a process runs in, as far as it decides where pcscd's socket comes from.</summary>
public enum SandboxKind
{
    None,
    Flatpak,
    Snap,
    Container,
}
