using System.Management.Automation;
using PcscTools.Access;
using PcscTools.Module.Completion;
using PcscTools.Module.Errors;
using PcscTools.PcscdProtocol;

namespace PcscTools.Module.Commands;

/// <summary>
/// Test-PcscProtocol: whether pcscd accepts the protocol a libpcsclite speaks, and if not, why and what to do.
/// The work is ProtocolDiagnosis in Core; this binds parameters and writes the report (or, with -Quiet, a bool).
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "PcscProtocol")]
[OutputType(typeof(ProtocolReport), typeof(bool))]
public sealed class TestPcscProtocolCommand : PcscCmdlet
{
    /// <summary>pcscd's socket; default: PCSCLITE_CSOCK_NAME, else /run/pcscd/pcscd.comm.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? SocketPath { get; set; }

    /// <summary>The libpcsclite file to test, e.g. the copy a flatpak bundles; default: the one this module uses.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ClientLibrary { get; set; }

    [Parameter]
    [ValidateRange(0.05, 600)]
    public double TimeoutSec { get; set; } = 2;

    /// <summary>The readers whose access (polkit's access_card) is checked; default: every reader pcscd lists.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ReaderNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Reader { get; set; }

    /// <summary>Returns only whether the two are compatible, like Test-Path.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecordCancellable()
    {
        var library = ClientLibrary is null ? null : GetUnresolvedProviderPathFromPSPath(ClientLibrary);
        var request = new DiagnosisRequest
        {
            SocketPath = SocketPath is null ? null : GetUnresolvedProviderPathFromPSPath(SocketPath),
            ClientLibrary = library,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
        };
        ProtocolReport report;
        try
        {
            report = ProtocolDiagnosis.Run(request, StopToken);
            report = ProtocolAccess.Apply(report, ProtocolAccess.Run(report, Reader));
        }
        catch (FileNotFoundException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.ClientLibraryNotFound(e.FileName ?? library ?? ""));
            return;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            ThrowTerminatingError(ErrorRecordFactory.ClientLibraryInvalid(library ?? Interop.PcscLiteApi.DefaultLibrary, e));
            return;
        }
        WriteVerbose(report.Message);
        WriteObject(Quiet ? report.Compatible : report);
    }
}
