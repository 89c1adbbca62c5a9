using System.Management.Automation;

namespace PcscTools.Module.Pester;

/// <summary>
/// Registers <c>Should -HaveStatusWord</c> and <c>Should -HaveResponseData</c> with Pester 5's Add-ShouldOperator.
/// The test blocks keep the same text on every registration, so Pester takes a repeated registration as a no-op.
/// </summary>
internal static class ShouldOperators
{
    private const string Registration = """
        Pester\Add-ShouldOperator -Name HaveStatusWord -Test {
            param($ActualValue, $ExpectedValue, $Data, [switch] $Negate, [string] $Because, $CallerSessionState)
            [PcscTools.Module.Pester.ResponseAssertion]::HaveStatusWord($ActualValue, $ExpectedValue, $Data, $Negate.IsPresent, $Because)
        }
        Pester\Add-ShouldOperator -Name HaveResponseData -Test {
            param($ActualValue, $ExpectedValue, [switch] $Negate, [string] $Because, $CallerSessionState)
            [PcscTools.Module.Pester.ResponseAssertion]::HaveResponseData($ActualValue, $ExpectedValue, $Negate.IsPresent, $Because)
        }
        """;

    private const string PesterLoaded = "Get-Module Pester | Where-Object { $_.Version.Major -ge 5 }";

    /// <summary>On import: registers when Pester 5 is already loaded (as in every Invoke-Pester run), and otherwise does nothing.</summary>
    public const string RegisterIfPesterLoaded = $$"""
        if ({{PesterLoaded}}) {
            try {
        {{Registration}}
            }
            catch {
                $Host.UI.WriteWarningLine("PcscTools: Should -HaveStatusWord is not available: $_ Run Register-PcscShouldOperator to see why.")
            }
        }
        """;

    /// <summary>On request: loads Pester 5 first when it is not loaded, then registers; failures are terminating.</summary>
    public const string Register = $$"""
        if (-not ({{PesterLoaded}})) {
            Import-Module Pester -MinimumVersion 5.0 -ErrorAction Stop
        }
        {{Registration}}
        """;
}
