namespace FloorModule;

/// <summary>The one object the floor module writes, so that its format view has a type to select.</summary>
public sealed class FloorItem
{
    public string Name { get; init; } = "floor";
}
