<#
.SYNOPSIS
    A personalisation station: personalises every card present on every reader of a list of hosts, in parallel, over
    PowerShell remoting (SSH), and returns one result per card.
.DESCRIPTION
    The hosts run in parallel (Invoke-Command -HostName ... -ThrottleLimit); on each host every reader holding a card
    gets a runspace of its own (ForEach-Object -Parallel). Each card goes through plain APDUs: select the application,
    select its file, write the profile, read it back and compare. Each card gives one result object: Host, Reader,
    Atr, Outcome (Personalised, Failed, or WhatIf for a dry run), Time, FailedStep and Message. A summary table per
    host follows on the console.

    Every host needs the powershell subsystem in its sshd_config and PcscTools installed (or -ModulePath), and its
    pcscd must let the station's user in: see "Running PcscTools over SSH" in about_PcscTools.
.EXAMPLE
    ./examples/Station.ps1 -HostName station1, station2 -WhatIf
    Lists the cards it would personalise on both hosts, and sends no APDU.
.EXAMPLE
    ./examples/Station.ps1 -HostName ci@localhost:2222 -KeyFilePath ~/.ssh/station -ModulePath /opt/PcscTools/PcscTools.psd1 |
        Where-Object Outcome -ne Personalised
    Personalises every card on the readers of localhost (sshd on port 2222) and shows only the cards that failed.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    # The hosts, as Invoke-Command -HostName takes them: host, user@host or user@host:port.
    [Parameter(Position = 0)]
    [string[]] $HostName = 'localhost',

    # The SSH key to log in with; by default ssh's own choice (~/.ssh, the agent).
    [string] $KeyFilePath,

    # ssh options, e.g. @{ UserKnownHostsFile = '...'; StrictHostKeyChecking = 'yes' }.
    [hashtable] $Options,

    # How many hosts at a time.
    [int] $ThrottleLimit = 32,

    # How the hosts import PcscTools: its name when installed there, or the path of its PcscTools.psd1.
    [string] $ModulePath = 'PcscTools',

    # The application to select (AID) and the file (FID) the profile goes to.
    [string] $Application = 'F0 50 43 53 43 54 4F 4F 4C 53',
    [string] $File = '01 01',

    # The bytes each card gets.
    [byte[]] $Profile = [byte[]](0x50, 0x43, 0x53, 0x43, 0x54, 0x4F, 0x4F, 0x4C, 0x53, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07)
)

$ErrorActionPreference = 'Stop'

# Runs on each host: one runspace per reader that holds a card.
$perHost = {
    param($modulePath, $application, $file, $profileBytes, $dryRun)
    Import-Module $modulePath
    # sshd tells the session which port it came in on, so two stations on one machine tell their results apart.
    $port = if ($env:SSH_CONNECTION) { ($env:SSH_CONNECTION -split ' ')[3] }
    Get-PcscReader | Where-Object CardPresent | ForEach-Object -ThrottleLimit 64 -Parallel {
        $reader = $_
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = [ordered]@{ Port = $using:port; Reader = $reader.Name; Atr = "$($reader.Atr)"; Outcome = 'Personalised'; Time = $null; FailedStep = $null; Message = $null }
        if ($using:dryRun) {
            $result.Outcome = 'WhatIf'
            $result.Message = "would select $using:application, write $($using:profileBytes.Count) bytes to file $using:file and read them back"
        }
        else {
            Import-Module $using:modulePath
            $step = 'connect'
            try {
                $card = Connect-PcscCard -Reader $reader.Name -ShareMode Exclusive
                try {
                    $step = 'select application'
                    $null = Invoke-Apdu -Session $card -Command (New-PcscApdu 0x00 0xA4 0x04 0x0C -Data $using:application) -ExpectStatus 9000
                    $step = 'select file'
                    $null = Invoke-Apdu -Session $card -Command (New-PcscApdu 0x00 0xA4 0x02 0x0C -Data $using:file) -ExpectStatus 9000
                    $step = 'write'
                    $null = Invoke-Apdu -Session $card -Command (New-PcscApdu 0x00 0xD6 0x00 0x00 -Data $using:profileBytes) -ExpectStatus 9000
                    $step = 'read back'
                    $read = Invoke-Apdu -Session $card -Command (New-PcscApdu 0x00 0xB0 0x00 0x00 -Le $using:profileBytes.Count) -ExpectStatus 9000
                    if ($read.Data.Hex -ne [Convert]::ToHexString([byte[]]$using:profileBytes)) {
                        throw "the card holds $($read.Data), not the profile written"
                    }
                }
                finally { Disconnect-PcscCard -Session $card }
            }
            catch {
                $result.Outcome = 'Failed'
                $result.FailedStep = $step
                $result.Message = "$_"
            }
        }
        $result.Time = $clock.Elapsed
        [pscustomobject]$result
    }
}

$connection = @{ HostName = $HostName; ThrottleLimit = $ThrottleLimit }
if ($KeyFilePath) { $connection.KeyFilePath = $KeyFilePath }
if ($Options) { $connection.Options = $Options }
$dryRun = [bool]$WhatIfPreference
$results = Invoke-Command @connection -ScriptBlock $perHost -ArgumentList $ModulePath, $Application, $File, $Profile, $dryRun -HideComputerName |
    ForEach-Object {
        $where = if ($_.Port -and $_.Port -ne '22') { "$($_.PSComputerName):$($_.Port)" } else { $_.PSComputerName }
        if ($dryRun) { Write-Host "What if: Personalising the card in '$($_.Reader)' on $where ($($_.Atr))" }
        [pscustomobject]@{
            PSTypeName = 'PcscToolsExample.StationResult'
            Host       = $where
            Reader     = $_.Reader
            Atr        = $_.Atr
            Outcome    = $_.Outcome
            Time       = $_.Time
            FailedStep = $_.FailedStep
            Message    = $_.Message
        }
    } | Sort-Object Host, Reader

$results
$results | Group-Object Host | ForEach-Object {
    [pscustomobject]@{
        Host         = $_.Name
        Cards        = $_.Count
        Personalised = @($_.Group | Where-Object Outcome -EQ 'Personalised').Count
        Failed       = @($_.Group | Where-Object Outcome -EQ 'Failed').Count
        LongestCard  = ($_.Group | Measure-Object -Property { $_.Time.TotalSeconds } -Maximum).Maximum
    }
} | Format-Table | Out-Host
