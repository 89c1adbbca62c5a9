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

function Send-TestApdu {
    <#
    .SYNOPSIS
        Sends one command APDU to the card in a reader through the real stack (libpcsclite -> pcscd -> vpcd) and
        returns the response as HexBytes; for tests of the simulator that need no APDU cmdlet.
    #>
    param(
        [Parameter(Mandatory)] [string] $Reader,
        [Parameter(Mandatory)] [string] $Command
    )
    if (-not ('PcscToolsTests.Apdu' -as [type])) {
        $core = Join-Path (Split-Path (Get-Command Get-PcscReader).DLL) 'PcscTools.Core.dll'
        Add-Type -ReferencedAssemblies $core -IgnoreWarnings -WarningAction Ignore -TypeDefinition @'
using System;
namespace PcscToolsTests {
    public static class Apdu {
        public static PcscTools.Bytes.HexBytes Send(string reader, string command) {
            using var context = PcscTools.Contexts.PcscContext.Establish();
            using var card = context.Connect(reader);
            var response = new byte[card.MaxResponseLength];
            var length = card.Transmit(PcscTools.Bytes.Hex.Parse(command), response);
            return new PcscTools.Bytes.HexBytes(new ReadOnlySpan<byte>(response, 0, length));
        }
    }
}
'@
    }
    [PcscToolsTests.Apdu]::Send($Reader, $Command)
}


function Import-TestDoubles {
    <#
    .SYNOPSIS
        Loads the test doubles (wire-level pcscd emulations, tests/PcscTools.TestDoubles), built beside the module by
        build.ps1 Build and never shipped with it.
    #>
    $root = Split-Path (Split-Path $PSScriptRoot)
    $built = Get-ChildItem "$root/artifacts/bin/PcscTools.TestDoubles/*/net8.0/PcscTools.TestDoubles.dll" | Sort-Object LastWriteTime | Select-Object -Last 1
    if (-not $built) { throw "PcscTools.TestDoubles.dll is not built: run ./build.sh Build." }
    Add-Type -Path $built.FullName
}

Export-ModuleMember -Function Invoke-IsolatedPwsh, Send-TestApdu, Import-TestDoubles
