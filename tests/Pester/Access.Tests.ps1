# Why this process cannot use a card: polkit refusals from a real polkit-enabled pcscd 1.9.9 (built from Debian's
# source at test time, with its own system D-Bus and polkitd in a private mount namespace) seen by a client run as
# an unprivileged user, and exclusive holders named by their connection to pcscd.
BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $script:root = Resolve-Path "$PSScriptRoot/../.."
    $script:fixtures = "$root/tests/Fixtures"
}

Describe 'Who holds a reader' {
    BeforeAll {
        $script:simulator = Start-PcscSimulator
        $script:reader = $simulator.ReaderNames[0]
        $script:holdCard = "$root/artifacts/native/hold-card"
        if (-not (Test-Path $holdCard)) {
            New-Item -ItemType Directory -Force (Split-Path $holdCard) | Out-Null
            & cc -o $holdCard "$fixtures/hold-card.c" @((& pkg-config --cflags --libs libpcsclite).Trim() -split '\s+')
            if ($LASTEXITCODE -ne 0) { throw "Cannot compile $fixtures/hold-card.c (cc exited with $LASTEXITCODE)." }
        }
        function script:Start-Client([string] $Program, [string[]] $Arguments) {
            $start = [Diagnostics.ProcessStartInfo]::new($Program)
            foreach ($a in $Arguments) { $start.ArgumentList.Add($a) }
            $start.RedirectStandardInput = $true
            $start.RedirectStandardOutput = $true
            $start.Environment['PCSCLITE_CSOCK_NAME'] = $env:PCSCLITE_CSOCK_NAME
            [Diagnostics.Process]::Start($start)
        }
    }
    AfterAll { Stop-PcscSimulator }

    It 'names the program that holds the card exclusively in the SharingViolation of Connect-PcscCard, not a pcsc_scan beside it; Get-PcscClient lists both, and neither once they exit' {
        $holder = Start-Client $holdCard @($reader)
        $scan = Start-Client 'pcsc_scan' @()
        try {
            $holder.StandardOutput.ReadLine() | Should -Be 'held'
            [Threading.SpinWait]::SpinUntil([Func[bool]] { @(Get-PcscClient -Name pcsc_scan).Count -eq 1 }, 10000) | Should -BeTrue

            $problem = $null
            try { Connect-PcscCard -Reader $reader -Timeout 1 -ErrorAction Stop } catch { $problem = $_ }
            $problem.FullyQualifiedErrorId | Should -Be 'SharingViolation,PcscTools.Module.Commands.ConnectPcscCardCommand'
            $problem.CategoryInfo.Category | Should -Be 'ResourceBusy'
            $problem.ErrorDetails.Message | Should -Match "possibly holding it: PID $($holder.Id) hold-card \('.*hold-card $([regex]::Escape($reader))'\)"
            $problem.ErrorDetails.Message | Should -Not -Match 'pcsc_scan'
            $problem.ErrorDetails.Message | Should -Match '1 more only watch readers'

            $completed = (TabExpansion2 -inputScript 'Get-PcscClient -Name pcsc_' -cursorColumn 'Get-PcscClient -Name pcsc_'.Length).CompletionMatches
            $completed.CompletionText | Should -Contain 'pcsc_scan'

            $clients = Get-PcscClient
            ($clients | Where-Object ProcessId -eq $holder.Id).Role | Should -Be 'Unknown'
            ($clients | Where-Object ProcessId -eq $scan.Id).Role | Should -Be 'Watcher'
            ($clients | Where-Object ProcessId -eq $holder.Id).User | Should -Be ([Environment]::UserName)
        }
        finally {
            $holder.StandardInput.Close(); $scan.Kill()
            $holder.WaitForExit(10000) | Out-Null; $scan.WaitForExit(10000) | Out-Null
        }
        Get-PcscClient -Name 'hold-card', 'pcsc_scan' | Should -BeNullOrEmpty
        (Connect-PcscCard -Reader $reader -Timeout 1) | Disconnect-PcscCard
    }

    It 'marks a client named scdaemon as an exclusive holder and gives gpg''s remedy in the SharingViolation (a copy of the holding client under that name)' {
        $scdaemon = "$root/artifacts/native/gpg/scdaemon"
        New-Item -ItemType Directory -Force (Split-Path $scdaemon) | Out-Null
        Copy-Item $holdCard $scdaemon -Force
        $holder = Start-Client $scdaemon @($reader)
        try {
            $holder.StandardOutput.ReadLine() | Should -Be 'held'
            $problem = $null
            try { Invoke-Apdu -Reader $reader -Command '00 A4 00 0C 02 3F 00' -Timeout 1 -ErrorAction Stop } catch { $problem = $_ }
            $problem.FullyQualifiedErrorId | Should -Be 'SharingViolation,PcscTools.Module.Commands.InvokeApduCommand'
            $problem.ErrorDetails.Message | Should -Match "PID $($holder.Id) scdaemon .*gpgconf --kill scdaemon"
            $problem.ErrorDetails.RecommendedAction | Should -Match 'pcsc-shared'
            (Get-PcscClient -Name scdaemon).Role | Should -Be 'ExclusiveHolder'
        }
        finally { $holder.StandardInput.Close(); $holder.WaitForExit(10000) | Out-Null }
    }

    It 'inside a flatpak-like sandbox (own PID namespace, no system bus), Test-PcscProtocol and Get-PcscClient say what cannot be seen from there' {
        if (-not (Get-Command bwrap -ErrorAction Ignore)) { Set-ItResult -Skipped -Because 'bubblewrap is not installed (apt-get install bubblewrap)'; return }
        $info = "$TestDrive/flatpak-info"
        Set-Content $info "[Application]`nname=org.example.Signer`n"
        $userHome = [Environment]::GetFolderPath('UserProfile')
        $sandbox = @(
            'bwrap', '--unshare-pid', '--ro-bind', '/usr', '/usr', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64',
            '--symlink', 'usr/bin', '/bin', '--symlink', 'usr/sbin', '/sbin', '--ro-bind', '/etc', '/etc',
            '--bind', $userHome, $userHome, '--ro-bind', "$root", "$root", '--bind', '/tmp', '/tmp', '--dev', '/dev', '--proc', '/proc',
            '--ro-bind', $info, '/.flatpak-info', '--dir', '/run/pcscd', '--ro-bind', $env:PCSCLITE_CSOCK_NAME, '/run/pcscd/pcscd.comm', '--')
        $seen = Invoke-IsolatedPwsh -Launcher $sandbox -Environment @{ PCSCLITE_CSOCK_NAME = '/run/pcscd/pcscd.comm' } -ScriptBlock {
            $report = Test-PcscProtocol
            $null = Get-PcscClient -WarningVariable warned -WarningAction SilentlyContinue
            [pscustomobject]@{ Status = "$($report.Status)"; Enforcement = $report.Access.Enforcement; Unseen = @($report.Access.Unseen); Warned = "$warned" }
        }
        $seen.Status | Should -Be 'Ok'
        $seen.Enforcement | Should -Match "Whether pcscd uses polkit cannot be seen: pcscd's own process is not visible"
        $seen.Unseen -join ' ' | Should -Match 'polkit cannot be asked from inside this flatpak'
        $seen.Warned | Should -Match "pcscd's own process is not visible to this user"
    }

    It 'lists the clients of the socket given, and warns instead of failing where that socket cannot be read' {
        Get-PcscClient -SocketPath '/nonexistent/pcscd.comm' -WarningVariable warned -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        "$warned" | Should -Match "cannot be read, so its clients cannot be found"
    }
}

Describe 'polkit refusals from a real polkit pcscd, seen by an unprivileged user in an SSH-like session' {
    BeforeAll {
        $script:skip = $null
        if ([Environment]::UserName -ne 'root') { $script:skip = 'needs root: the polkit pcscd runs in a mount namespace with its own polkitd' }
        $script:folder = "/tmp/pcsctools-polkit-$PID"
        if (-not $skip) {
            $started = & "$fixtures/polkit-pcscd.sh" start $folder 2>&1
            if ($LASTEXITCODE -ne 0) { $script:skip = "the polkit pcscd cannot be had here: $started" }
        }
        if (-not $skip) {
            $script:socket, $script:bus = "$started".Trim() -split ' '
            New-Item -ItemType Directory -Force "$folder/home", "$folder/pwsh", "$folder/module", "$folder/bin" | Out-Null
            & chmod 777 "$folder/home"
            $null = & setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$folder/home" dotnet --list-runtimes 2>&1
            if ($LASTEXITCODE -ne 0) { $script:skip = "user nobody cannot run dotnet here (it is installed in a folder nobody may not search)" }
            $script:moduleFolder = Split-Path $env:PCSCTOOLS_MODULE_PATH
            # nobody may not search the folders pwsh and the module may live in (/root): both are bound where it may.
            $script:launcher = @('unshare', '--mount', '--propagation', 'private', 'sh', '-c',
                'mount --bind "$0" "$1/pwsh" && mount --bind "$2" "$1/module" && shift 4 && exec setpriv --reuid=65534 --regid=65534 --clear-groups dotnet "$FOLDER/pwsh/pwsh.dll" "$@"',
                $PSHOME, $folder, $moduleFolder)
            $script:environment = @{
                HOME = "$folder/home"; FOLDER = $folder; PCSCLITE_CSOCK_NAME = $socket; DBUS_SYSTEM_BUS_ADDRESS = $bus
                SSH_CONNECTION = '192.0.2.1 50000 192.0.2.2 22'; PATH = $env:PATH
            }
            function script:Invoke-AsNobody([scriptblock] $ScriptBlock, [hashtable] $More = @{}) {
                $saved = $env:PCSCTOOLS_MODULE_PATH
                $env:PCSCTOOLS_MODULE_PATH = "$folder/module/$(Split-Path -Leaf $saved)"
                $all = $environment.Clone(); foreach ($key in $More.Keys) { $all[$key] = $More[$key] }
                try { Invoke-IsolatedPwsh -Launcher $launcher -Environment $all -ScriptBlock $ScriptBlock -TimeoutSeconds 90 }
                finally { $env:PCSCTOOLS_MODULE_PATH = $saved }
            }
            # What each cmdlet shows a user: the error's id, category, message and advice; Test-PcscProtocol's report.
            $script:look = {
                $failed = $null; $readers = @()
                $clock = [Diagnostics.Stopwatch]::StartNew()
                try { $readers = @(Get-PcscReader -ErrorAction Stop).Name } catch { $failed = $_ }
                $seconds = $clock.Elapsed.TotalSeconds
                $attribute = @('Polkit Reader 00 00', 'Polkit Reader 00 01') | ForEach-Object {
                    $e = $null; try { Get-PcscReaderAttribute -Reader $_ -ErrorAction Stop | Out-Null } catch { $e = $_ }
                    [pscustomobject]@{ Reader = $_; Id = "$($e.FullyQualifiedErrorId)"; Message = "$($e.ErrorDetails.Message)" }
                }
                $report = Test-PcscProtocol
                [pscustomobject]@{
                    Seconds = $seconds; Readers = $readers
                    Id = "$($failed.FullyQualifiedErrorId)"; Category = "$($failed.CategoryInfo.Category)"
                    Message = "$($failed.ErrorDetails.Message)"; Advice = "$($failed.ErrorDetails.RecommendedAction)"
                    Attribute = $attribute
                    Status = "$($report.Status)"; ReportMessage = $report.Message; Remedy = $report.Remedy
                    Narrowed = "$((Test-PcscProtocol -Reader 'Polkit Reader 00 00').Status)"
                }
            }
        }
    }
    AfterAll {
        # Whatever was skipped after it started: the stop is a no-op where nothing runs.
        if (Test-Path $folder) { & "$fixtures/polkit-pcscd.sh" stop $folder; Remove-Item -Recurse -Force $folder -ErrorAction SilentlyContinue }
    }

    It 'Get-PcscReader and Test-PcscProtocol say that polkit refused this user and give the rule; with that rule added everything works' {
        if ($skip) { Set-ItResult -Skipped -Because $skip; return }
        $seen = Invoke-AsNobody $look
        $seen.Id | Should -Be 'AccessDenied,PcscTools.Module.Commands.GetPcscReaderCommand'
        $seen.Category | Should -Be 'PermissionDenied'
        $seen.Message | Should -Match "refused this process \(user 'nobody'\) through polkit: the action org\.debian\.pcsc-lite\.access_pcsc"
        $seen.Message | Should -Match '(Confirmed by pkcheck: not authorized|polkit confirms it \(pkcheck: not authorized\))'
        $seen.Message | Should -Match 'this is an SSH session'
        $seen.Advice | Should -Match ([regex]::Escape('subject.user == "nobody"'))
        $seen.Advice | Should -Match 'pcscd --disable-polkit'
        $seen.Status | Should -Be 'AccessDenied'
        $seen.Remedy | Should -Be $seen.Advice

        # The rule exactly as the error gives it, in the rules folder of the namespace's polkitd.
        $rule = ($seen.Advice -split "`n" | Select-Object -Skip 1 | Where-Object { $_ -notmatch '^or, ' }) -join "`n"
        Set-Content -Path "$folder/rules/50-pcscd-nobody.rules" -Value $rule
        & chmod 644 "$folder/rules/50-pcscd-nobody.rules"
        Start-Sleep -Milliseconds 500   # polkitd reloads on inotify
        $after = Invoke-AsNobody $look
        $after.Id | Should -BeNullOrEmpty
        $after.Readers | Should -Be @('Polkit Reader 00 00', 'Polkit Reader 00 01')
        $after.Status | Should -Be 'Ok'
        $after.Attribute.Id | Should -Not -Match 'AccessDenied'
    }

    It 'a rule refusing access_card for one reader gives ReaderAccessDenied for that reader only, in the cmdlets and in Test-PcscProtocol (-Reader narrows it)' {
        if ($skip) { Set-ItResult -Skipped -Because $skip; return }
        Set-Content -Path "$folder/rules/40-refuse-one-reader.rules" -Value @'
polkit.addRule(function(action, subject) {
    if (action.id == "org.debian.pcsc-lite.access_card" && action.lookup("reader") == "Polkit Reader 00 01") { return polkit.Result.NO; }
});
'@
        & chmod 644 "$folder/rules/40-refuse-one-reader.rules"
        Start-Sleep -Milliseconds 500
        try {
            $seen = Invoke-AsNobody $look
            $seen.Id | Should -BeNullOrEmpty
            ($seen.Attribute | Where-Object Reader -eq 'Polkit Reader 00 01').Id | Should -Be 'ReaderAccessDenied,PcscTools.Module.Commands.GetPcscReaderAttributeCommand'
            ($seen.Attribute | Where-Object Reader -eq 'Polkit Reader 00 01').Message | Should -Match "the reader 'Polkit Reader 00 01' through polkit: the action org\.debian\.pcsc-lite\.access_card"
            ($seen.Attribute | Where-Object Reader -eq 'Polkit Reader 00 00').Id | Should -Not -Match 'AccessDenied'
            $seen.Status | Should -Be 'ReaderAccessDenied'
            $seen.Remedy | Should -Match ([regex]::Escape('action.lookup("reader") == "Polkit Reader 00 01"'))
            $seen.Narrowed | Should -Be 'Ok'
        }
        finally { Remove-Item "$folder/rules/40-refuse-one-reader.rules" }
    }

    It 'a pkcheck that hangs does not hang Get-PcscReader or Test-PcscProtocol: the refusal is still reported, saying that polkit could not confirm it' {
        if ($skip) { Set-ItResult -Skipped -Because $skip; return }
        Remove-Item "$folder/rules/*.rules" -ErrorAction SilentlyContinue
        Start-Sleep -Milliseconds 500
        Set-Content "$folder/bin/pkcheck" "#!/bin/sh`nsleep 60`n"
        & chmod 755 "$folder/bin" "$folder/bin/pkcheck"
        $hanging = Invoke-AsNobody {
            $failed = $null
            $clock = [Diagnostics.Stopwatch]::StartNew()
            try { Get-PcscReader -ErrorAction Stop | Out-Null } catch { $failed = $_ }
            [pscustomobject]@{
                Seconds = $clock.Elapsed.TotalSeconds; Id = "$($failed.FullyQualifiedErrorId)"; Message = "$($failed.ErrorDetails.Message)"
                Status = "$((Test-PcscProtocol).Status)"
            }
        } @{ PATH = "$folder/bin:$($env:PATH)" }
        $hanging.Id | Should -Match '^(AccessDenied|ServiceUnavailable),' -Because 'libpcsclite reports the refusal as SECURITY_VIOLATION or, when it wrote after the close, NO_SERVICE; without polkit''s verdict only the first is known to be a refusal'
        if ($hanging.Id -like 'AccessDenied,*') { $hanging.Message | Should -Match 'polkit could not be asked to confirm it: pkcheck did not answer within 3 s' }
        $hanging.Seconds | Should -BeLessThan 15
        $hanging.Status | Should -Be 'NoAnswer' -Because 'without polkit''s verdict nor pcscd''s program, a closed connection is not known to be a refusal'
    }
}
