using System.Management.Automation;
using PcscTools.GlobalPlatform;
using PcscTools.Module.Errors;
using PcscTools.Module.Tlv;

namespace PcscTools.Module.Commands;

/// <summary>
/// Install-PcscGpApplication: INSTALL [for install and make selectable] of an application instance from a load file
/// (package) already on the card.
/// </summary>
[Cmdlet(VerbsLifecycle.Install, "PcscGpApplication", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(GpRegistryEntry))]
public sealed class InstallPcscGpApplicationCommand : GpSessionCmdlet
{
    /// <summary>The load file (package) AID.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string LoadFile { get; set; } = "";

    /// <summary>The executable module (applet class) AID inside the load file.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Module { get; set; } = "";

    /// <summary>The new instance's AID; by default the module's.</summary>
    [Parameter(Position = 2)]
    [ValidateNotNullOrEmpty]
    public string? Aid { get; set; }

    [Parameter]
    public GpPrivileges Privileges { get; set; } = GpPrivileges.None;

    /// <summary>Application-specific install parameters (tag C9), hex or bytes.</summary>
    [Parameter]
    public object? Parameters { get; set; }

    /// <summary>Write the new entry, as Get-PcscGpStatus reads it back.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordCancellable()
    {
        var loadFile = ParseAid(LoadFile, nameof(LoadFile));
        var module = ParseAid(Module, nameof(Module));
        var instance = Aid is null ? module : ParseAid(Aid, nameof(Aid));
        byte[] parameters = [];
        if (Parameters is not null && !TlvInput.TryReadBytes(Parameters, out parameters, out var problem))
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidTlvInput(Parameters, $"-Parameters is not bytes: {problem}."));
        }
        PcscTools.Apdu.CommandApdu command;
        try
        {
            command = GpCommands.InstallAndMakeSelectable(loadFile, module, instance, Privileges, parameters);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidTlvDefinition(e, Parameters));
            return;
        }
        if (!ShouldProcess($"{Session!.Reader}", $"Install {instance.Hex} from {loadFile.Hex} ({module.Hex})"))
        {
            return;
        }
        Ready();
        if (TransmitExpectingSuccess(command) is null || !PassThru)
        {
            return;
        }
        var entries = GpStatus.Read(Transmit, GpStatusScope.Applications).Entries;
        WriteObject(entries.FirstOrDefault(e => e.Aid.Equals(instance)));
    }
}
