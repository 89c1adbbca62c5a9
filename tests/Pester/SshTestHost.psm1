# Private SSH "hosts" on loopback for the remoting tests: each is Debian's sshd with its own host key, configuration
# and authorised key, in a mount namespace of its own, whose powershell subsystem runs the pinned pwsh pointed at a
# given pcscd socket. Nothing of the machine's ssh configuration is read or changed.

$script:client = $null

function Start-TestSshHost {
    <#
    .SYNOPSIS
        Starts sshd on a free loopback port; its sessions' pwsh reach the pcscd at -SocketPath. Returns the host:
        HostName (user@127.0.0.1:port, as New-PSSession -HostName takes it), Port, Folder, Process and LogPath; the
        caller's key, known_hosts and ssh options are in (Get-TestSshClient).
    #>
    param([Parameter(Mandatory)] [string] $SocketPath)

    $sshd = '/usr/sbin/sshd'
    if (-not (Test-Path $sshd)) { throw "The remoting tests need Debian's openssh-server ($sshd); build.sh installs it." }
    # sshd as another user than root cannot switch to the session's user, nor mount in a namespace without one of its own.
    if ((& id -u) -ne '0') { throw 'The remoting tests start sshd, which needs root (as CI has).' }
    $client = Get-TestSshClient
    $folder = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "pcsctools-sshd-$([guid]::NewGuid().ToString('n').Substring(0, 8))")).FullName
    Invoke-SshKeygen (Join-Path $folder 'host_key')
    $port = Get-FreeLoopbackPort
    $user = [Environment]::UserName
    Add-Content -Path $client.KnownHosts -Value "[127.0.0.1]:$port $(Get-Content (Join-Path $folder 'host_key.pub'))"

    # The subsystem runs through the user's shell, so it names the very dotnet and pwsh.dll of this (pinned) pwsh.
    $subsystem = Join-Path $folder 'pwsh-subsystem'
    Set-Content -Path $subsystem -Value "#!/bin/sh`nexec '$([Environment]::ProcessPath)' '$(Join-Path $PSHOME 'pwsh.dll')' -sshs -NoLogo -NoProfile"
    & chmod 755 $subsystem
    Set-Content -Path (Join-Path $folder 'sshd_config') -Value @"
Port $port
ListenAddress 127.0.0.1
HostKey $folder/host_key
AuthorizedKeysFile $($client.AuthorizedKeys)
PidFile none
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
Subsystem powershell $subsystem
SetEnv PCSCLITE_CSOCK_NAME=$SocketPath
"@
    # sshd insists on its privilege-separation folder /run/sshd: a tmpfs on /run inside the namespace gives it one
    # without touching the machine's /run. The sessions' pwsh find pcscd through PCSCLITE_CSOCK_NAME, not /run/pcscd.
    $inner = 'mount -t tmpfs -o mode=755 tmpfs /run && mkdir -m 755 /run/sshd && exec "$0" -D -f "$1" -E "$2" </dev/null >/dev/null 2>&1'
    $log = Join-Path $folder 'sshd.log'
    $start = [System.Diagnostics.ProcessStartInfo]::new('unshare')
    foreach ($argument in '--mount', '--propagation', 'private', 'sh', '-c', $inner, $sshd, (Join-Path $folder 'sshd_config'), $log) {
        $start.ArgumentList.Add($argument)
    }
    $process = [System.Diagnostics.Process]::Start($start)
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while (-not ((Test-Path $log) -and (Select-String -Path $log -Pattern 'Server listening' -Quiet))) {
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            foreach ($id in Get-NamespaceProcess $process.Id) { Stop-ProcessById $id }
            throw "sshd did not start on port ${port}: $(Get-Content $log -ErrorAction Ignore)"
        }
        Start-Sleep -Milliseconds 20
    }
    [pscustomobject]@{
        HostName   = "$user@127.0.0.1:$port"
        Port       = $port
        Folder     = $folder
        Process    = $process
        LogPath    = $log
    }
}

function Stop-TestSshHost {
    <#
    .SYNOPSIS
        Stops an sshd of Start-TestSshHost and every process of its namespace (its sessions' sshd and pwsh), then removes its files.
    #>
    param([Parameter(Mandatory, ValueFromPipeline)] $SshHost)
    process {
        foreach ($id in Get-NamespaceProcess $SshHost.Process.Id) { Stop-ProcessById $id }
        $SshHost.Process.WaitForExit(5000) | Out-Null
        $SshHost.Process.Dispose()
        Remove-Item $SshHost.Folder -Recurse -Force -ErrorAction Ignore
    }
}

function Get-TestSshClient {
    <#
    .SYNOPSIS
        The caller's side, made once per test process: a key pair (its public half authorised on every test host) and
        a known_hosts file the hosts add their keys to, with the options that open a session unattended.
    #>
    if (-not $script:client -or -not (Test-Path $script:client.Folder)) {
        $folder = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "pcsctools-ssh-client-$PID") -Force).FullName
        $key = Join-Path $folder 'id_ed25519'
        Remove-Item "$key*" -ErrorAction Ignore
        Invoke-SshKeygen $key
        $authorized = Join-Path $folder 'authorized_keys'
        Copy-Item "$key.pub" $authorized
        $knownHosts = Join-Path $folder 'known_hosts'
        Set-Content $knownHosts -Value @()
        $script:client = [pscustomobject]@{
            Folder         = $folder
            KeyFilePath    = $key
            AuthorizedKeys = $authorized
            KnownHosts     = $knownHosts
            Options        = @{ StrictHostKeyChecking = 'yes'; UserKnownHostsFile = $knownHosts; BatchMode = 'yes' }
        }
    }
    $script:client
}

function Remove-TestSshClient {
    <# .SYNOPSIS Removes the caller's key and known_hosts of Get-TestSshClient. #>
    if ($script:client) { Remove-Item $script:client.Folder -Recurse -Force -ErrorAction Ignore }
    $script:client = $null
}

function Start-TestSimulatorProcess {
    <#
    .SYNOPSIS
        A simulator in a pwsh process of its own (one process holds one simulator), for a second test host: the
        -Setup script block runs there after Start-PcscSimulator (e.g. Add-PcscSimulatorCard). Returns the process
        and SocketPath; Stop-TestSimulatorProcess ends it.
    #>
    param(
        [string] $ReaderName = 'PcscTools Virtual Reader',
        [int] $ReaderCount = 2,
        [scriptblock] $Setup = {}
    )
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$env:PCSCTOOLS_MODULE_PATH'
`$simulator = Start-PcscSimulator -ReaderCount $ReaderCount -ReaderName '$($ReaderName -replace "'", "''")'
& { $Setup } | Out-Null
[Console]::Out.WriteLine(`$simulator.SocketPath)
[Console]::Out.Flush()
# Serves the virtual cards until the test closes standard input.
`$null = [Console]::In.ReadToEnd()
Stop-PcscSimulator
"@
    $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    foreach ($argument in (Join-Path $PSHOME 'pwsh.dll'), '-NoLogo', '-NoProfile', '-NonInteractive', '-EncodedCommand', [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))) {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $stderr = $process.StandardError.ReadToEndAsync()
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(60000) -or -not $line.Result) {
        if (-not $process.HasExited) { $process.Kill($true) }
        throw "The simulator process did not start: $($stderr.Result)"
    }
    [pscustomobject]@{ Process = $process; SocketPath = $line.Result; Errors = $stderr }
}

function Stop-TestSimulatorProcess {
    <# .SYNOPSIS Lets a simulator process of Start-TestSimulatorProcess stop its simulator and exit; kills it if it does not within 20 s. #>
    param([Parameter(Mandatory, ValueFromPipeline)] $Simulator)
    process {
        $Simulator.Process.StandardInput.Close()
        if (-not $Simulator.Process.WaitForExit(20000)) { $Simulator.Process.Kill($true) }
        $Simulator.Process.Dispose()
    }
}

function Get-NamespaceProcess([int] $ProcessId) {
    # Every process in the mount namespace of $ProcessId, itself included.
    $namespace = (Get-Item "/proc/$ProcessId/ns/mnt" -ErrorAction Ignore).LinkTarget
    # Never this process's own namespace: that would be every process of the machine's.
    if (-not $namespace -or $namespace -eq (Get-Item "/proc/$PID/ns/mnt").LinkTarget) { return }
    foreach ($entry in Get-ChildItem /proc -Directory -ErrorAction Ignore | Where-Object Name -Match '^\d+$') {
        if ((Get-Item "$($entry.FullName)/ns/mnt" -ErrorAction Ignore).LinkTarget -eq $namespace) { [int]$entry.Name }
    }
}

function Stop-ProcessById([int] $ProcessId) {
    try { [System.Diagnostics.Process]::GetProcessById($ProcessId).Kill() } catch [ArgumentException], [InvalidOperationException] { }
}

function Get-FreeLoopbackPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Invoke-SshKeygen([string] $Path) {
    & ssh-keygen -q -t ed25519 -N '' -C pcsctools-test -f $Path
    if ($LASTEXITCODE -ne 0) { throw "ssh-keygen failed for $Path." }
}

Export-ModuleMember -Function Start-TestSshHost, Stop-TestSshHost, Get-TestSshClient, Remove-TestSshClient, Start-TestSimulatorProcess, Stop-TestSimulatorProcess
