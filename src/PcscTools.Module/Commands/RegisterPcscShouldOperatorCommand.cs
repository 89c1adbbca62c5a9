using System.Management.Automation;
using PcscTools.Module.Errors;
using PcscTools.Module.Pester;

namespace PcscTools.Module.Commands;

/// <summary>
/// Register-PcscShouldOperator: adds Should -HaveStatusWord and Should -HaveResponseData to Pester 5. Import-Module
/// PcscTools already does this when Pester is loaded; this is for sessions that load Pester afterwards.
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "PcscShouldOperator")]
[OutputType(typeof(void))]
public sealed class RegisterPcscShouldOperatorCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        try
        {
            InvokeCommand.InvokeScript(ShouldOperators.Register);
        }
        catch (RuntimeException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.ShouldOperatorsUnavailable(e));
        }
    }
}
