using System.Management.Automation;
using PcscTools.Access;
using PcscTools.Errors;
using PcscTools.Interop;
using PcscTools.PcscdProtocol;

namespace PcscTools.Module.Errors;

/// <summary>The factory's access half: polkit refusals (AccessDenied, ReaderAccessDenied) and who holds a busy reader.</summary>
internal static partial class ErrorRecordFactory
{
    /// <summary>pcscd refused this process (or one reader) through polkit: what, why, and the rules file that admits it.</summary>
    public static ErrorRecord AccessDenied(PcscException exception, AccessRefusal refusal) =>
        new(exception, refusal.ErrorId, ErrorCategory.PermissionDenied, refusal.Reader ?? NativeEnvironment.SocketPathInUse)
        {
            ErrorDetails = new ErrorDetails($"{refusal.Message} [{exception.Symbol} from {exception.Operation}]") { RecommendedAction = refusal.Remedy },
        };

    /// <summary>A sharing violation, with the processes connected to pcscd that may hold the card.</summary>
    public static ErrorRecord HeldByAnother(PcscException exception, object? target, ClientSurvey survey)
    {
        var advice = survey.PossibleHolders.FirstOrDefault(c => c.Remedy is not null)?.Remedy
            ?? "Close the program that holds the card, or wait for it; Get-PcscClient lists the programs connected to pcscd.";
        return new ErrorRecord(exception, exception.Code.ToString(), ErrorCategory.ResourceBusy, target ?? exception.Target)
        {
            ErrorDetails = new ErrorDetails($"{exception.Message} {survey.Describe()}") { RecommendedAction = advice },
        };
    }

    /// <summary>
    /// A refusal that reached the client as "service not available" (libpcsclite sent after pcscd closed the
    /// connection): the diagnosis saw the connection closed, and polkit refuses this process.
    /// </summary>
    private static AccessRefusal? RefusedByPolkit(ProtocolReport? report)
    {
        try
        {
            return report is { DaemonReachable: false } ? ProtocolAccess.Run(report, []).Refusal : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The access or holder explanation of <paramref name="exception"/>; null when it is neither, or when looking failed (the plain error is written then).</summary>
    private static ErrorRecord? AccessOrHolders(PcscException exception, object? target)
    {
        try
        {
            if (exception.Code == PcscError.SharingViolation)
            {
                return HeldByAnother(exception, target, PcscClientFinder.Find(NativeEnvironment.SocketPathInUse));
            }
            return AccessDiagnosis.Explain(exception, exception.Operation, exception.Target ?? target as string) is { } refusal
                ? AccessDenied(exception, refusal)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
