using System.Management.Automation;
using PcscTools.Cards;
using PcscTools.Errors;
using PcscTools.Module.Readers;

namespace PcscTools.Module.Commands;

/// <summary>Get-PcscReaderAttribute: reads named reader attributes (SCardGetAttrib). Without -Name, every attribute the driver supports.</summary>
[Cmdlet(VerbsCommon.Get, "PcscReaderAttribute", DefaultParameterSetName = "Reader")]
[OutputType(typeof(ReaderAttributeValue))]
public sealed class GetPcscReaderAttributeCommand : ReaderAccessCmdlet
{
    [Parameter(Position = 1)]
    public ReaderAttribute[]? Name { get; set; }

    protected override void ProcessRecordCancellable() => WithReader(session =>
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
    });
}
