# Helpers shared by the Pester suites.

function Invoke-IsolatedPwsh {
    <#
    .SYNOPSIS
        Runs a script block in a new pwsh with the module imported and extra environment variables; returns its output as objects.
        For what one process cannot show, e.g. a process whose libpcsclite points at a socket where no pcscd listens.
    #>
    param(
        [Parameter(Mandatory)] [scriptblock] $ScriptBlock,
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 60,
        # A command that runs dotnet, e.g. setpriv with its options and '--'.
        [string[]] $Launcher = @(),
        # Leave the module out, for tests of build tools that need a clean pwsh only.
        [switch] $NoModule
    )
    $command = @($Launcher) + 'dotnet'
    $start = [System.Diagnostics.ProcessStartInfo]::new($command[0])
    foreach ($argument in $command | Select-Object -Skip 1) { $start.ArgumentList.Add($argument) }
    $script = $(if ($NoModule) { '' } else { "Import-Module '$env:PCSCTOOLS_MODULE_PATH'`n" }) + $ScriptBlock
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
    foreach ($argument in 'pwsh', '-NoLogo', '-NoProfile', '-NonInteractive', '-OutputFormat', 'XML', '-EncodedCommand', $encoded) {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.WorkingDirectory = $PSScriptRoot
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
    $process = [System.Diagnostics.Process]::Start($start)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
        $process.Kill($true)
        throw "The isolated pwsh did not finish within $TimeoutSeconds s."
    }
    $xml = $stdout.Result
    if ($xml -notmatch '<Objs') { throw "The isolated pwsh gave no objects. stderr: $($stderr.Result)" }
    [System.Management.Automation.PSSerializer]::Deserialize($xml.Substring($xml.IndexOf('<Objs')))
}

Export-ModuleMember -Function Invoke-IsolatedPwsh
