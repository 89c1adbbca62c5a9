using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.GlobalPlatform;
using PcscTools.Module.Errors;

namespace PcscTools.Module.Commands;

/// <summary>
/// Get-PcscGpStatus: the card's GlobalPlatform registry (GET STATUS), one object per issuer security domain, application,
/// security domain and load file, as gp --list shows them.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PcscGpStatus")]
[OutputType(typeof(GpRegistryEntry))]
public sealed class GetPcscGpStatusCommand : GpSessionCmdlet
{
    /// <summary>What to list; by default the issuer security domain, applications and security domains, and load files with their modules.</summary>
    [Parameter(Position = 0)]
    public GpStatusScope[] Scope { get; set; } = [GpStatusScope.IssuerSecurityDomain, GpStatusScope.Applications, GpStatusScope.LoadFilesAndModules];

    protected override void ProcessRecordCancellable()
    {
        Ready();
        foreach (var scope in Scope)
        {
            GpStatusResult result;
            try
            {
                result = GpStatus.Read(Transmit, scope);
            }
            catch (UnexpectedStatusException e)
            {
                WriteError(ErrorRecordFactory.UnexpectedStatus(e));
                continue;
            }
            if (!result.IsTagBased)
            {
                WriteVerbose($"The card refused the tag-based GET STATUS format for {scope}; it was read in the legacy one.");
            }
            foreach (var problem in result.Problems)
            {
                WriteWarning($"Part of the card's GET STATUS answer for {scope} is not well formed and was skipped. {problem}");
            }
            WriteObject(result.Entries, enumerateCollection: true);
        }
    }
}
