using System.Management.Automation;
using PcscTools.Module.Completion;
using PcscTools.Module.Errors;
using PcscTools.Simulator;
using PcscTools.Module.Simulator;
using PcscTools.Simulator.VirtualCard;

namespace PcscTools.Module.Commands;

/// <summary>Add-PcscSimulatorCard: inserts a virtual card into a reader of the running simulator, and returns once pcscd sees it.</summary>
[Cmdlet(VerbsCommon.Add, "PcscSimulatorCard", SupportsShouldProcess = true)]
[OutputType(typeof(VirtualCard))]
public sealed class AddPcscSimulatorCardCommand : PSCmdlet
{
    /// <summary>The simulator's reader; by default the first one without a card.</summary>
    [Parameter(Position = 0)]
    [Alias("ReaderName")]
    [ArgumentCompleter(typeof(ReaderNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Reader { get; set; }

    /// <summary>The card (from New-PcscVirtualCard); by default the project's virtual card.</summary>
    [Parameter(Position = 1, ValueFromPipeline = true)]
    [ValidateNotNull]
    public VirtualCard? Card { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var simulator = SimulatorSession.Require(this);
        string? reader;
        if (Reader is null)
        {
            reader = simulator.ReaderNames.FirstOrDefault(name => simulator.CardIn(name) is null);
            if (reader is null)
            {
                WriteError(ErrorRecordFactory.NoEmptyReader(simulator.ReaderNames));
                return;
            }
        }
        else
        {
            reader = SimulatorSession.FindReader(simulator, Reader);
            if (reader is null)
            {
                WriteError(ErrorRecordFactory.SimulatorReaderNotFound(Reader, simulator.ReaderNames));
                return;
            }
        }
        if (simulator.CardIn(reader) is not null)
        {
            WriteError(ErrorRecordFactory.CardAlreadyInserted(reader));
            return;
        }
        if (!ShouldProcess(reader, "Insert a virtual card"))
        {
            return;
        }
        VirtualCard card;
        try
        {
            card = simulator.InsertCard(reader, Card ?? new VirtualCard());
        }
        catch (Exception e) when (e is TimeoutException or PcscTools.Errors.PcscException)
        {
            WriteError(ErrorRecordFactory.SimulatorFailed(e, reader));
            return;
        }
        if (PassThru)
        {
            WriteObject(card);
        }
    }
}
