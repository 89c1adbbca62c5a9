using PcscTools.Bytes;

namespace PcscTools.GlobalPlatform;

/// <summary>One entry of the card's GlobalPlatform registry, as GET STATUS reports it.</summary>
public sealed class GpRegistryEntry
{
    public GpRegistryEntry(GpContentKind kind, HexBytes aid, byte lifeCycleState, GpPrivileges privileges,
        string? version = null, HexBytes? associatedSecurityDomain = null, HexBytes? loadFile = null, IReadOnlyList<HexBytes>? modules = null)
    {
        Kind = kind;
        Aid = aid;
        LifeCycleState = lifeCycleState;
        Privileges = privileges;
        Version = version;
        AssociatedSecurityDomain = associatedSecurityDomain;
        LoadFile = loadFile;
        Modules = modules ?? [];
    }

    public GpContentKind Kind { get; }

    public HexBytes Aid { get; }

    /// <summary>The life cycle state by name: SELECTABLE, LOADED, SECURED…</summary>
    public string LifeCycle => GpLifeCycle.Name(Kind, LifeCycleState);

    /// <summary>The life cycle state byte as the card gave it.</summary>
    public byte LifeCycleState { get; }

    public GpPrivileges Privileges { get; }

    /// <summary>A load file's version (tag CE), e.g. "1.0"; null when the card does not say.</summary>
    public string? Version { get; }

    /// <summary>The security domain the entry belongs to (tag CC); null when the card does not say.</summary>
    public HexBytes? AssociatedSecurityDomain { get; }

    /// <summary>The load file an application was installed from (tag C4); null when the card does not say.</summary>
    public HexBytes? LoadFile { get; }

    /// <summary>A load file's executable modules (tag 84, or the legacy format's module list).</summary>
    public IReadOnlyList<HexBytes> Modules { get; }

    public override string ToString() => $"{Kind} {Aid.Hex} {LifeCycle}";
}
