<#
.SYNOPSIS
    A personalisation station: personalises every card present on every reader of a list of hosts, in parallel, over
    PowerShell remoting (SSH), and returns one result per card.
.DESCRIPTION
    The hosts run in parallel (New-PSSession -HostName, then Invoke-Command -Session ... -ThrottleLimit); on each host every reader holding a card
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

# Runs on each host: one runspace per reader that holds a card. Each runspace gets its work as a pipeline object:
# Invoke-Command would take a $using: here for one of the caller's variables.
$perHost = {
    param($modulePath, $application, $file, $profileBytes, $dryRun)
    Import-Module $modulePath
    # sshd tells the session which port it came in on, so two stations on one machine tell their results apart.
    $port = if ($env:SSH_CONNECTION) { ($env:SSH_CONNECTION -split ' ')[3] }
    $readers = @(Get-PcscReader | Where-Object CardPresent)
    $readers | ForEach-Object {
        [pscustomobject]@{ Reader = $_; Port = $port; ModulePath = $modulePath; Application = $application; File = $file; Profile = $profileBytes; DryRun = $dryRun }
    } | ForEach-Object -ThrottleLimit ([Math]::Max(1, $readers.Count)) -Parallel {
        $work = $_
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = [ordered]@{ Port = $work.Port; Reader = $work.Reader.Name; Atr = "$($work.Reader.Atr)"; Outcome = 'Personalised'; Time = $null; FailedStep = $null; Message = $null }
        if ($work.DryRun) {
            $result.Outcome = 'WhatIf'
            $result.Message = "would select $($work.Application), write $($work.Profile.Count) bytes to file $($work.File) and read them back"
        }
        else {
            Import-Module $work.ModulePath
            $step = 'connect'
            try {
                $card = Connect-PcscCard -Reader $work.Reader.Name -ShareMode Exclusive
                try {
                    $step = 'select application'
                    $null = Invoke-Apdu -Session $card -Command (New-PcscApdu 0x00 0xA4 0x04 0x0C -Data $work.Application) -ExpectStatus 9000 -ErrorAction Stop
                    $step = 'select file'
                    $null = Invoke-Apdu -Session $card -Command (New-PcscApdu 0x00 0xA4 0x02 0x0C -Data $work.File) -ExpectStatus 9000 -ErrorAction Stop
                    $step = 'write'
                    $null = Invoke-Apdu -Session $card -Command (New-PcscApdu 0x00 0xD6 0x00 0x00 -Data $work.Profile) -ExpectStatus 9000 -ErrorAction Stop
                    $step = 'read back'
                    $read = Invoke-Apdu -Session $card -Command (New-PcscApdu 0x00 0xB0 0x00 0x00 -Le $work.Profile.Count) -ExpectStatus 9000 -ErrorAction Stop
                    if ($read.Data.Hex -ne [Convert]::ToHexString([byte[]]$work.Profile)) {
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

$connection = @{ HostName = $HostName }
if ($KeyFilePath) { $connection.KeyFilePath = $KeyFilePath }
if ($Options) { $connection.Options = $Options }
$dryRun = [bool]$WhatIfPreference
# Invoke-Command -HostName takes no -ThrottleLimit: the sessions are opened first (a host that cannot be reached is
# reported as an error and the others go on), then run at most -ThrottleLimit hosts at a time.
$sessions = @(New-PSSession @connection -ErrorAction Continue)
if ($sessions.Count -eq 0) { throw "No host could be reached: $($HostName -join ', ')." }
try {
    $received = Invoke-Command -Session $sessions -ThrottleLimit $ThrottleLimit -ScriptBlock $perHost -ArgumentList $ModulePath, $Application, $File, $Profile, $dryRun
}
finally { Remove-PSSession $sessions -WhatIf:$false }   # -WhatIf is for the cards, not the sessions
$results = $received |
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
