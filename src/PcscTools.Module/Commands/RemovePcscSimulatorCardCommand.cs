using System.Management.Automation;
using PcscTools.Module.Completion;
using PcscTools.Module.Errors;
using PcscTools.Module.Simulator;

namespace PcscTools.Module.Commands;

/// <summary>Remove-PcscSimulatorCard: takes virtual cards out of the running simulator's readers, and returns once pcscd sees them gone.</summary>
[Cmdlet(VerbsCommon.Remove, "PcscSimulatorCard", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class RemovePcscSimulatorCardCommand : PSCmdlet
{
    /// <summary>The simulator's readers to empty; by default every reader that holds a card.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "ReaderName")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ReaderNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Reader { get; set; }

    protected override void ProcessRecord()
    {
        var simulator = SimulatorSession.Require(this);
        var targets = new List<string>();
        foreach (var name in Reader ?? ["*"])
        {
            var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
            var matches = simulator.ReaderNames.Where(pattern.IsMatch).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                WriteError(ErrorRecordFactory.SimulatorReaderNotFound(name, simulator.ReaderNames));
            }
            targets.AddRange(matches.Where(m => !targets.Contains(m)));
        }
        foreach (var reader in targets.Where(r => simulator.CardIn(r) is not null))
        {
            if (!ShouldProcess(reader, "Remove the virtual card"))
            {
                continue;
            }
            try
            {
                simulator.RemoveCard(reader);
            }
            catch (Exception e) when (e is TimeoutException or PcscTools.Errors.PcscException)
            {
                WriteError(ErrorRecordFactory.SimulatorFailed(e, reader));
            }
        }
    }
}
