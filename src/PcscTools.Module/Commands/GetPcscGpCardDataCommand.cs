using System.Management.Automation;
using PcscTools.GlobalPlatform;

namespace PcscTools.Module.Commands;

/// <summary>Get-PcscGpCardData: CPLC, card recognition data and key information of a security domain (GET DATA 9F7F, 0066, 00E0), decoded.</summary>
[Cmdlet(VerbsCommon.Get, "PcscGpCardData")]
[OutputType(typeof(GpCardData))]
public sealed class GetPcscGpCardDataCommand : GpSessionCmdlet
{
    protected override void ProcessRecordCancellable()
    {
        Ready();
        WriteObject(GpCardData.Read(Transmit, (response, what) =>
            WriteVerbose($"No {what}: the card answered {response.Command} with {response.StatusWord} ({response.Meaning}){(response.StatusWord == "9000" ? $" and {response.Data.Length} byte(s)" : "")}.")));
    }
}
