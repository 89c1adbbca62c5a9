namespace FloorModule;

/// <summary>A card connected through libpcsclite with nothing around it: the handle Send-FloorApdu transmits on.</summary>
public sealed class FloorCard(nint handle, uint protocol)
{
    internal nint Handle { get; } = handle;

    internal uint Protocol { get; } = protocol;
}
