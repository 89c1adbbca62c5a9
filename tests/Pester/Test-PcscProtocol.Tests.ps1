BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-TestDoubles
    $script:simulator = Start-PcscSimulator -NoCard
    $script:logPath = Join-Path $simulator.Daemon.Folder 'pcscd.log'
    $script:scratch = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "pcsctools-pester-$([guid]::NewGuid())")

    # The seed's client: a real libpcsclite built from Debian's pcsc-lite 1.9.9 source with protocol minor 3 (4.3),
    # cached under artifacts/. Needs Debian's deb-src over the network once, flex and pkg-config.
    $script:library43 = $null
    $script:library43Problem = $null
    $build = [Diagnostics.ProcessStartInfo]::new('bash')
    $build.ArgumentList.Add("$PSScriptRoot/../Fixtures/build-libpcsclite.sh")
    $build.ArgumentList.Add('3')
    $build.RedirectStandardOutput = $true
    $build.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($build)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit(300000)) {
        $process.Kill($true)
        $script:library43Problem = 'building libpcsclite 4.3 took longer than 5 minutes'
    }
    elseif ($process.ExitCode -ne 0) {
        $script:library43Problem = "libpcsclite 4.3 could not be built: $($stderr.Result.Trim())"
    }
    else {
        $script:library43 = $stdout.Result.Trim()
    }
}

AfterAll {
    Stop-PcscSimulator
    Remove-Item $scratch -Recurse -Force -ErrorAction Ignore
}

Describe 'Test-PcscProtocol with Debian''s real pcscd 1.9.9 and libpcsclite 1.9.9' {
    It 'finds both speaking 4.4, compatible, on the socket this session uses' {
        $report = Test-PcscProtocol
        $report.SocketPath | Should -Be $simulator.SocketPath
        $report.Status | Should -Be 'Ok'
        $report.Compatible | Should -BeTrue
        $report.DaemonReachable | Should -BeTrue
        $report.DaemonProtocol | Should -Be ([version]'4.4')
        $report.ClientProtocol | Should -Be ([version]'4.4')
        $report.DaemonPcscLite | Should -Be '1.8.24 to 2.2.3'
        $report.ClientPcscLite | Should -Be '1.8.24 to 2.2.3'
        $report.ClientFallsBack | Should -BeFalse
        $report.ClientLibrary | Should -Match 'libpcsclite\.so' -Because 'a private copy is named by the file it was copied from'
        $report.Remedy | Should -BeExactly ''
    }

    It 'returns $true with -Quiet' {
        Test-PcscProtocol -Quiet | Should -BeExactly $true
    }

    It 'takes the socket from a piped simulator' {
        ($simulator | Test-PcscProtocol -Quiet) | Should -BeExactly $true
    }

    It 'leaves the session working: readers are still listed afterwards' {
        Test-PcscProtocol | Out-Null
        (Get-PcscReader).Name | Should -Be $simulator.ReaderNames
    }

    It 'shows the report as a list with status, versions, ranges, message and remedy' {
        $text = Test-PcscProtocol | Out-String -Width 200
        foreach ($label in 'Status', 'Compatible', 'SocketPath', 'DaemonProtocol', 'DaemonPcscLite', 'ClientProtocol', 'ClientPcscLite', 'ClientLibrary', 'Sandbox', 'Message', 'Remedy') {
            $text | Should -Match "(?m)^$label\s*:"
        }
    }

    It 'fails with ClientLibraryNotFound for a missing -ClientLibrary' {
        { Test-PcscProtocol -ClientLibrary (Join-Path $scratch 'no-such.so') } |
            Should -Throw -ErrorId 'ClientLibraryNotFound,PcscTools.Module.Commands.TestPcscProtocolCommand'
    }

    It 'fails with ClientLibraryInvalid for a file that is no library' {
        $file = Join-Path $scratch 'not-a-library.so'
        Set-Content $file 'text'
        { Test-PcscProtocol -ClientLibrary $file } | Should -Throw -ErrorId 'ClientLibraryInvalid,PcscTools.Module.Commands.TestPcscProtocolCommand'
    }
}

Describe 'The seed: a real libpcsclite speaking 4.3 against the real pcscd 1.9.9' {
    BeforeEach {
        if (-not $library43) { Set-ItResult -Skipped -Because $library43Problem }
    }

    It 'Test-PcscProtocol -ClientLibrary names both versions, both ranges and the remedy' {
        $report = Test-PcscProtocol -ClientLibrary $library43
        $report.Status | Should -Be 'ProtocolMismatch'
        $report.Compatible | Should -BeFalse
        $report.ClientLibrary | Should -Be $library43
        $report.ClientProtocol | Should -Be ([version]'4.3')
        $report.DaemonProtocol | Should -Be ([version]'4.4')
        $report.ClientPcscLite | Should -Be '1.8.9 to 1.8.23'
        $report.DaemonPcscLite | Should -Be '1.8.26 to 2.2.3'
        "$($report.DaemonVerdict)" | Should -Be 'ServiceStopped'
        $report.Message | Should -Match 'speaks protocol 4\.4 \(pcsc-lite 1\.8\.26 to 2\.2\.3\)'
        $report.Message | Should -Match 'speaks 4\.3 \(pcsc-lite 1\.8\.9 to 1\.8\.23\)'
        $report.Message | Should -Match 'SCARD_E_SERVICE_STOPPED'
        $report.Remedy | Should -Match 'Use a libpcsclite from pcsc-lite 1\.8\.24 to 2\.2\.3, 2\.4\.1 or later'
        $report.Remedy | Should -Match 'run a pcscd from pcsc-lite 1\.8\.9 to 1\.8\.23 on the host'
        Test-PcscProtocol -ClientLibrary $library43 -Quiet | Should -BeExactly $false
    }

    It 'makes pcsc_scan loading that library fail with "Service was stopped." (the seed''s symptom)' {
        $start = [Diagnostics.ProcessStartInfo]::new('pcsc_scan', '-n')
        $start.Environment['LD_LIBRARY_PATH'] = Split-Path $library43
        $start.Environment['PCSCLITE_CSOCK_NAME'] = $simulator.SocketPath
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($start)
        $output = $process.StandardOutput.ReadToEndAsync()
        $errors = $process.StandardError.ReadToEndAsync()
        $process.WaitForExit(10000) | Should -BeTrue
        "$($output.Result)$($errors.Result)" | Should -Match 'SCardEstablishContext: Service was stopped\.'
    }

    It 'observes pcsc_scan in a child process loading that library as speaking 4.3' {
        $withLibrary = [PcscTools.PcscdProtocol.ChildProcessClient]::new('pcsc_scan', [string[]]@('-n'), [timespan]::FromSeconds(5))
        $withLibrary.LibraryFolder = Split-Path $library43
        $seen = [PcscTools.PcscdProtocol.ClientProtocolObserver]::Observe('pcsc_scan -n', [Func[string, Nullable[PcscTools.Errors.PcscError]]] { param($socket) $withLibrary.Connect($socket) }, [timespan]::FromSeconds(5))
        $seen.Announced | Should -Be ([version]'4.3')
        $seen.FallsBack | Should -BeFalse
    }

    It 'is logged by pcscd as a protocol mismatch, as the failing application is' {
        Test-PcscProtocol -ClientLibrary $library43 | Out-Null
        $log = Get-Content $logPath -Raw
        $log | Should -Match 'Communication protocol mismatch!'
        $log | Should -Match 'Client protocol is 4:3'
        $log | Should -Match 'Server protocol is 4:4'
    }

    It 'makes Get-PcscReader in a process loading that library fail with ServiceUnavailable carrying the diagnosis' {
        $outcome = Invoke-IsolatedPwsh -Environment @{ LD_LIBRARY_PATH = (Split-Path $library43); PCSCLITE_CSOCK_NAME = $simulator.SocketPath } -ScriptBlock {
            try { Get-PcscReader; 'no error' }
            catch {
                [pscustomobject]@{
                    Id      = $_.FullyQualifiedErrorId
                    Code    = "$($_.Exception.Code)"
                    Message = "$_"
                    Advice  = $_.ErrorDetails.RecommendedAction
                }
            }
        }
        $outcome.Id | Should -Be 'ServiceUnavailable,PcscTools.Module.Commands.GetPcscReaderCommand'
        $outcome.Code | Should -Be 'ServiceStopped'
        $outcome.Message | Should -Match 'speaks 4\.3 \(pcsc-lite 1\.8\.9 to 1\.8\.23\)'
        $outcome.Message | Should -Match 'speaks protocol 4\.4'
        $outcome.Message | Should -Match 'Test-PcscProtocol'
        $outcome.Advice | Should -Match 'Use a libpcsclite from pcsc-lite 1\.8\.24 to 2\.2\.3'
    }
}

Describe 'Test-PcscProtocol against emulated pcscd releases (wire-level emulator)' {
    It 'reports emulated <Release> as protocol <Protocol>, pcsc-lite <Releases>, verdict <Verdict>' -ForEach @(
        @{ Release = '1.6.5'; Protocol = '4.2'; Releases = '1.6.5 to 1.8.8'; Verdict = 'NoService' }
        @{ Release = '1.8.23'; Protocol = '4.3'; Releases = '1.8.9 to 1.8.23'; Verdict = 'NoService' }
        @{ Release = '2.3.0'; Protocol = '4.5'; Releases = '2.3.0 to 2.4.0'; Verdict = 'ServiceStopped' }
        @{ Release = '2.4.1'; Protocol = '4.5'; Releases = '2.4.1'; Verdict = 'Success' }
        @{ Release = '2.5.1'; Protocol = '4.6'; Releases = '2.5.0 or later'; Verdict = 'Success' }
    ) {
        $daemon = [PcscTools.TestDoubles.EmulatedPcscDaemon]::Start($Release, 'None')
        try {
            $report = Test-PcscProtocol -SocketPath $daemon.SocketPath
            $report.DaemonProtocol | Should -Be ([version]$Protocol)
            $report.DaemonPcscLite | Should -Be $Releases
            "$($report.DaemonVerdict)" | Should -Be $Verdict
            $report.Compatible | Should -Be ($Verdict -eq 'Success')
            $report.Status | Should -Be $(if ($Verdict -eq 'Success') { 'Ok' } else { 'ProtocolMismatch' })
        }
        finally { $daemon.Dispose() }
    }

    It 'puts the diagnosis of an emulated 2.3.0 into Get-PcscReader''s ServiceUnavailable error' {
        $daemon = [PcscTools.TestDoubles.EmulatedPcscDaemon]::Start('2.3.0', 'None')
        try {
            $outcome = Invoke-IsolatedPwsh -Environment @{ PCSCLITE_CSOCK_NAME = $daemon.SocketPath } -ScriptBlock {
                try { Get-PcscReader; 'no error' }
                catch { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Message = "$_"; Advice = $_.ErrorDetails.RecommendedAction } }
            }
            $outcome.Id | Should -Be 'ServiceUnavailable,PcscTools.Module.Commands.GetPcscReaderCommand'
            $outcome.Message | Should -Match 'speaks protocol 4\.5 \(pcsc-lite 2\.3\.0 to 2\.4\.0\) and rejects'
            $outcome.Advice | Should -Match 'Use a libpcsclite from pcsc-lite 2\.3\.0 or later'
        }
        finally { $daemon.Dispose() }
    }
}

Describe 'Test-PcscProtocol when no pcscd answers' {
    It 'reports SocketMissing (and -Quiet $false) when there is no socket' {
        $path = Join-Path $scratch 'missing/pcscd.comm'
        $report = Test-PcscProtocol -SocketPath $path
        $report.Status | Should -Be 'SocketMissing'
        $report.DaemonReachable | Should -BeFalse
        $report.Message | Should -Match ([regex]::Escape($path))
        $report.Remedy | Should -Match 'pcscd'
        Test-PcscProtocol -SocketPath $path -Quiet | Should -BeExactly $false
    }

    It 'reports NotASocket for a regular file' {
        $file = Join-Path $scratch 'regular'
        Set-Content $file 'x'
        (Test-PcscProtocol -SocketPath $file).Status | Should -Be 'NotASocket'
    }

    It 'reports DaemonNotRunning for a socket nobody listens on' {
        $daemon = [PcscTools.TestDoubles.EmulatedPcscDaemon]::Start('1.9.9', 'None')
        $stale = Join-Path $scratch 'stale.comm'
        Move-Item $daemon.SocketPath $stale
        $daemon.Dispose()
        (Test-PcscProtocol -SocketPath $stale).Status | Should -Be 'DaemonNotRunning'
    }

    It 'returns within the timeout, with NoAnswer, from an emulated listener that never answers' {
        $daemon = [PcscTools.TestDoubles.EmulatedPcscDaemon]::Start('1.9.9', 'NeverAnswers')
        try {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $report = Test-PcscProtocol -SocketPath $daemon.SocketPath -TimeoutSec 0.5
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
            $report.Status | Should -Be 'NoAnswer'
        }
        finally { $daemon.Dispose() }
    }

    It 'reports BadAnswer for an emulated listener that sends <Misbehaviour>' -ForEach @(
        @{ Misbehaviour = 'Garbage' }, @{ Misbehaviour = 'ShortAnswer' }, @{ Misbehaviour = 'EndlessData' }
    ) {
        $daemon = [PcscTools.TestDoubles.EmulatedPcscDaemon]::Start('1.9.9', $Misbehaviour)
        try { (Test-PcscProtocol -SocketPath $daemon.SocketPath -TimeoutSec 10).Status | Should -Be 'BadAnswer' }
        finally { $daemon.Dispose() }
    }

    It 'reports PermissionDenied to a user who may not write the socket (root without CAP_DAC_OVERRIDE, via setpriv)' {
        if (-not (Get-Command setpriv -ErrorAction Ignore)) { Set-ItResult -Skipped -Because 'setpriv (util-linux) is not installed' }
        $daemon = [PcscTools.TestDoubles.EmulatedPcscDaemon]::Start('1.9.9', 'None')
        try {
            # Owned by nobody, mode 0600: like a pcscd socket whose 0666 mode was lost. Root is denied only without DAC override.
            & chown 65534:65534 $daemon.SocketPath
            & chmod 0600 $daemon.SocketPath
            $socket = $daemon.SocketPath
            $outcome = Invoke-IsolatedPwsh -Launcher 'setpriv', '--bounding-set', '-dac_override,-dac_read_search', '--' -Environment @{ PROBE_SOCKET = $socket } -ScriptBlock {
                Test-PcscProtocol -SocketPath $env:PROBE_SOCKET | Select-Object @{ n = 'Status'; e = { "$($_.Status)" } }, Message, Remedy
            }
            "$($outcome.Status)" | Should -Be 'PermissionDenied'
            $outcome.Remedy | Should -Match '0666'
        }
        finally { $daemon.Dispose() }
    }
}

Describe 'Test-PcscProtocol in a flatpak-like bubblewrap sandbox (the host socket bound read-only at /run/pcscd/pcscd.comm, as flatpak --socket=pcsc does)' {
    BeforeAll {
        $script:bwrap = (Get-Command bwrap -ErrorAction Ignore).Source
        $info = Join-Path $scratch 'flatpak-info'
        Set-Content $info "[Application]`nname=org.example.Signer`n`n[Context]`nsockets=pcsc;`n"
        $repository = (Resolve-Path "$PSScriptRoot/../..").Path
        $userHome = [Environment]::GetFolderPath('UserProfile')
        # A fresh root like flatpak's: /usr, /etc, the repository and the user's home (for dotnet and pwsh), /.flatpak-info, and only the pcscd socket under /run.
        $script:sandbox = @(
            'bwrap', '--ro-bind', '/usr', '/usr', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64',
            '--symlink', 'usr/bin', '/bin', '--symlink', 'usr/sbin', '/sbin', '--ro-bind', '/etc', '/etc',
            '--bind', $userHome, $userHome, '--ro-bind', $repository, $repository, '--bind', '/tmp', '/tmp', '--dev', '/dev', '--proc', '/proc',
            '--ro-bind', $info, '/.flatpak-info', '--dir', '/run/pcscd')
        $script:withSocket = $sandbox + '--ro-bind', $simulator.SocketPath, '/run/pcscd/pcscd.comm', '--'
        $script:inside = @{ PCSCLITE_CSOCK_NAME = '/run/pcscd/pcscd.comm' }
    }
    BeforeEach {
        if (-not $bwrap) { Set-ItResult -Skipped -Because 'bubblewrap is not installed (apt-get install bubblewrap)' }
    }

    It 'detects the flatpak and finds its libpcsclite compatible with the host pcscd' {
        $report = Invoke-IsolatedPwsh -Launcher $withSocket -Environment $inside -ScriptBlock {
            Test-PcscProtocol | Select-Object @{ n = 'Status'; e = { "$($_.Status)" } }, @{ n = 'Sandbox'; e = { "$($_.Sandbox)" } }, SandboxName, SocketPath, Compatible
        }
        $report.Sandbox | Should -Be 'Flatpak'
        $report.SandboxName | Should -Be 'org.example.Signer'
        $report.SocketPath | Should -Be '/run/pcscd/pcscd.comm'
        $report.Status | Should -Be 'Ok'
    }

    It 'with a bundled libpcsclite speaking 4.3, reports the mismatch and a flatpak remedy, also in Get-PcscReader''s error' {
        if (-not $library43) { Set-ItResult -Skipped -Because $library43Problem }
        $bundled = $inside + @{ LD_LIBRARY_PATH = (Split-Path $library43) }
        $outcome = Invoke-IsolatedPwsh -Launcher $withSocket -Environment $bundled -ScriptBlock {
            $report = Test-PcscProtocol
            $errorText = try { Get-PcscReader; 'no error' } catch { "$_" }
            [pscustomobject]@{ Status = "$($report.Status)"; Client = "$($report.ClientProtocol)"; Remedy = $report.Remedy; Error = $errorText }
        }
        $outcome.Status | Should -Be 'ProtocolMismatch'
        $outcome.Client | Should -Be '4.3'
        $outcome.Remedy | Should -Match 'in the flatpak org\.example\.Signer'
        $outcome.Error | Should -Match 'speaks 4\.3'
        $outcome.Error | Should -Match 'in the flatpak org\.example\.Signer'
    }

    It 'without --socket=pcsc, says how to grant it' {
        $outcome = Invoke-IsolatedPwsh -Launcher ($sandbox + '--') -Environment $inside -ScriptBlock {
            Test-PcscProtocol | Select-Object @{ n = 'Status'; e = { "$($_.Status)" } }, Remedy
        }
        $outcome.Status | Should -Be 'SocketMissing'
        $outcome.Remedy | Should -Match "flatpak override --user --socket=pcsc org\.example\.Signer"
    }
}
