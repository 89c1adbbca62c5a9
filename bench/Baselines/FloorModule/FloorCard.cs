namespace FloorModule;

/// <summary>A card connected through libpcsclite with nothing around it: the handle Send-FloorApdu transmits on.</summary>
public sealed class FloorCard
{
    internal FloorCard(nint context, nint handle, uint protocol)
    {
        Context = context;
        Handle = handle;
        Protocol = protocol;
    }

    internal nint Context { get; }

    internal nint Handle { get; }

    internal uint Protocol { get; }
}
