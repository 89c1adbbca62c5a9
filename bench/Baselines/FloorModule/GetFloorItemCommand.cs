using System.Management.Automation;

namespace FloorModule;

[Cmdlet(VerbsCommon.Get, "FloorItem")]
[OutputType(typeof(FloorItem))]
public sealed class GetFloorItemCommand : PSCmdlet
{
    protected override void ProcessRecord() => WriteObject(new FloorItem());
}
