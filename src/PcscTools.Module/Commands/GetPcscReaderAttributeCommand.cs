using System.Management.Automation;
using PcscTools.Cards;
using PcscTools.Errors;
using PcscTools.Module.Completion;
using PcscTools.Module.Readers;
using PcscTools.Sessions;

namespace PcscTools.Module.Commands;

/// <summary>Get-PcscReaderAttribute: reads named reader attributes (SCardGetAttrib). Without -Name, every attribute the driver supports.</summary>
[Cmdlet(VerbsCommon.Get, "PcscReaderAttribute", DefaultParameterSetName = "Reader")]
[OutputType(typeof(ReaderAttributeValue))]
public sealed class GetPcscReaderAttributeCommand : PcscCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Reader", ValueFromPipelineByPropertyName = true)]
    [Alias("ReaderName")]
    [ArgumentCompleter(typeof(ReaderNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Reader { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = "Session", ValueFromPipeline = true)]
    [ValidateNotNull]
    public CardSession? Session { get; set; }

    [Parameter(Position = 1)]
    public ReaderAttribute[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        CardSession session;
        try
        {
            // A direct connection reaches the reader with or without a card.
            session = Session ?? CardSession.Open(Reader, ShareMode.Direct, CardProtocols.None, cancel: StopToken);
        }
        catch (PcscException e)
        {
            WritePcscError(e, Reader);
            return;
        }
        try
        {
            foreach (var attribute in Name ?? Enum.GetValues<ReaderAttribute>())
            {
                try
                {
                    WriteObject(new ReaderAttributeValue(session.Reader, attribute, session.GetAttribute(attribute)));
                }
                catch (PcscException e) when (Name is null && e.Code is PcscError.UnsupportedFeature or PcscError.InsufficientBuffer or PcscError.NotTransacted)
                {
                    // Listing all: the ones this driver lacks are simply not there.
                }
                catch (PcscException e)
                {
                    WritePcscError(e, attribute);
                }
            }
        }
        finally
        {
            if (Session is null)
            {
                session.Close();
            }
        }
    }
}
