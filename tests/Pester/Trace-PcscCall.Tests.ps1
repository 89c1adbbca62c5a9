# Trace-PcscCall on real programs (pcsc_scan, scriptor, a second pwsh, a C program built here) through Debian's
# libpcscspy, against the simulator's pcscd and virtual card; the objects are checked against what the real pcsc-spy
# decoder prints for the same capture.

BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    # The spy's path is $HOME/pcsc-spy: a private HOME keeps the tests out of the real one.
    $script:realHome = $env:HOME
    $env:HOME = Join-Path $TestDrive 'home'
    New-Item -ItemType Directory $env:HOME | Out-Null
    $script:simulator = Start-PcscSimulator -NoCard
    $script:first = $simulator.ReaderNames[0]
    $script:card = $simulator.InsertCard($first)
    $card.Respond('00 A4 04 00 05 A0 00 00 00 01', '6F 02 84 00 90 00') | Out-Null
    $card.Respond('00 20 00 81 04 31 32 33 34', '90 00') | Out-Null
    $card.Respond('00 B0 00 00 04', '6A 82') | Out-Null
    $script:scriptPath = Join-Path $TestDrive 'script.txt'
    Set-Content -LiteralPath $scriptPath -Value "00 A4 04 00 05 A0 00 00 00 01`n00 20 00 81 04 31 32 33 34`n00 B0 00 00 04"

    # What pcsc-spy prints for a capture, one object per call: function, result, time, and the APDU bytes of its hex dumps.
    function ConvertFrom-PcscSpyText([string] $Capture) {
        $lines = & pcsc-spy -n $Capture 2>$null
        $call = $null
        $buffer = $null
        foreach ($line in $lines) {
            if ($line -match '^(SCard\w+)$') {
                if ($call) { [pscustomobject]$call }
                $call = [ordered]@{ Function = $Matches[1]; ResultName = $null; Seconds = $null; Sent = ''; Received = '' }
                $buffer = $null
            }
            elseif ($line -match '^ [io] (bSendBuffer|bRecvBuffer)$') { $buffer = @{ bSendBuffer = 'Sent'; bRecvBuffer = 'Received' }[$Matches[1]] }
            elseif ($buffer -and $line -match '^ [io]  [0-9A-F]{4} (.{47})') { $call[$buffer] = ($call[$buffer] + ' ' + $Matches[1].Trim()).Trim() }
            elseif ($line -match '=> .*\((SCARD_\w+) \[0x[0-9A-F]{8}\]\)\s+\[(\d+\.\d{6})\]') {
                $call.ResultName = $Matches[1]
                $call.Seconds = $Matches[2]
                $buffer = $null
            }
            else { $buffer = $null }
        }
        if ($call) { [pscustomobject]$call }
    }

    # The same fields from Trace-PcscCall's objects.
    function ConvertTo-SpyView([object[]] $Calls) {
        foreach ($call in $Calls) {
            [pscustomobject][ordered]@{
                Function = $call.Function
                ResultName = $call.ResultName
                Seconds = '{0:0.000000}' -f $call.Duration.TotalSeconds
                Sent = if ($call.Command) { $call.Command.ToString() } else { '' }
                Received = if ($call.Response) { $call.Response.Exchanges[0].Response.ToString() } else { '' }
            }
        }
    }
}

AfterAll {
    Stop-PcscSimulator
    $env:HOME = $realHome
}

Describe 'Trace-PcscCall on scriptor (Perl loads libpcsclite itself)' {
    BeforeAll {
        $script:capture = Join-Path $TestDrive 'scriptor.spy'
        $script:calls = @(Trace-PcscCall scriptor '-r', $first, $scriptPath -CaptureOutput -CapturePath $capture -InformationVariable output)
        $script:output = $output
        $script:exitCode = $LASTEXITCODE
    }

    It 'writes every call scriptor made, as pcsc-spy decodes them from the same capture: functions, results, times and APDUs' {
        $expected = @(ConvertFrom-PcscSpyText $capture)
        $expected.Count | Should -BeGreaterThan 5
        $shown = @(ConvertTo-SpyView @(Trace-PcscCall -Path $capture -ShowSecrets))
        ($shown | ConvertTo-Json) | Should -Be ($expected | ConvertTo-Json)
        $calls.Function | Should -Be $expected.Function
        $calls.ResultName | Should -Be $expected.ResultName
    }

    It 'carries the APDUs as the module''s objects, with the card''s answers and their meaning' {
        $transmits = @($calls | Where-Object Function -EQ SCardTransmit)
        $transmits.Count | Should -Be 3
        $transmits[0].Command.ToString() | Should -Be '00 A4 04 00 05 A0 00 00 00 01'
        $transmits[0].Response.StatusWord | Should -Be '9000'
        $transmits[0].Response.Data | Should -Be '6F 02 84 00'
        $transmits[0].Reader | Should -Be $first
        $transmits[2].Response.StatusWord | Should -Be '6A82'
        $transmits[2].Response.Meaning | Should -Not -BeNullOrEmpty
        @($calls | Where-Object { $_.Response -and -not $_.Response.IsSuccess }).Command.ToString() | Should -Be '00 B0 00 00 04'
    }

    It 'hides the VERIFY''s PIN in the objects, their views and JSON, unless -ShowSecrets' {
        $verify = $calls | Where-Object { $_.Command.Ins -eq 0x20 }
        $verify.Command.ToString() | Should -Be '00 20 00 81 04 ** ** ** **'
        $everything = ($calls | Format-Table | Out-String -Width 400) + ($calls | Format-List | Out-String -Width 400) + ($calls | ConvertTo-Json -Depth 6)
        $everything | Should -Not -Match '31 ?32 ?33 ?34'
        (Trace-PcscCall -Path $capture -ShowSecrets | Where-Object { $_.Command.Ins -eq 0x20 }).Command.ToString() | Should -Be '00 20 00 81 04 31 32 33 34'
    }

    It 'leaves scriptor''s output and exit code to the user' {
        $exitCode | Should -Be 0
        ($output | Where-Object Tags -Contains stdout).MessageData -join "`n" | Should -Match '< 6A 82'
    }

    It 'names the arguments: reader, share mode, protocols, disposition' {
        $connect = $calls | Where-Object Function -EQ SCardConnect
        $connect.Arguments.Reader | Should -Be $first
        "$($connect.Arguments.ShareMode)" | Should -Be 'Shared'
        "$($connect.Outputs.ActiveProtocol)" | Should -Be 'T1'
        "$(($calls | Where-Object Function -EQ SCardDisconnect).Arguments.Disposition)" | Should -Be 'Leave'
    }

    It 'keeps the program''s HOME and removes the link it put at $HOME/pcsc-spy' {
        $calls = Trace-PcscCall bash '-c', 'echo "$HOME"' -CaptureOutput -InformationVariable homeOutput
        $homeOutput.MessageData | Should -Be $env:HOME
        Join-Path $env:HOME 'pcsc-spy' | Should -Not -Exist
    }
}

Describe 'Trace-PcscCall on pcsc_scan (linked with libpcsclite)' {
    It 'equals pcsc-spy''s decoding, and the failing call can be filtered' {
        $capture = Join-Path $TestDrive 'scan.spy'
        $calls = @(Trace-PcscCall pcsc_scan '-n', '-c' -CaptureOutput -CapturePath $capture)
        $expected = @(ConvertFrom-PcscSpyText $capture)
        (ConvertTo-SpyView $calls | ConvertTo-Json) | Should -Be ($expected | ConvertTo-Json)
        $failing = @($calls | Where-Object { -not $_.IsSuccess })
        $failing.Function | Should -Contain 'SCardGetStatusChange'
        $failing[0].ResultName | Should -Be 'SCARD_E_TIMEOUT'
        $failing[0].Meaning | Should -Be 'The operation timed out.'
        ($calls | Where-Object Function -EQ SCardListReaders)[-1].Outputs.Readers | Should -Contain $first
        $states = ($calls | Where-Object Function -EQ SCardGetStatusChange)[-1].Outputs.ReaderStates
        ($states | Where-Object Reader -EQ $first).Atr | Should -Be '3B 80 80 01 01'
    }

    It 'sums calls, errors and time per function with -Summary' {
        $summary = @(Trace-PcscCall pcsc_scan '-n', '-c' -CaptureOutput -Summary)
        ($summary | Where-Object Function -EQ SCardListReaders).Calls | Should -Be 2
        ($summary | Where-Object Function -EQ SCardGetStatusChange).Errors | Should -Be 1
        $summary[0].TotalTime | Should -BeGreaterOrEqual $summary[-1].TotalTime
    }
}

Describe 'Trace-PcscCall on a second pwsh that uses PcscTools' {
    BeforeAll {
        $script:pwsh = (Get-Command dotnet).Source
        $script:pwshDll = Join-Path $PSHOME 'pwsh.dll'
    }

    It 'writes its calls as pcsc-spy decodes them' {
        $capture = Join-Path $TestDrive 'pwsh.spy'
        $calls = @(Trace-PcscCall $pwsh $pwshDll, '-NoProfile', '-c', "Import-Module '$env:PCSCTOOLS_MODULE_PATH'; Get-PcscReader | Out-Null" -CaptureOutput -CapturePath $capture)
        $LASTEXITCODE | Should -Be 0
        $expected = @(ConvertFrom-PcscSpyText $capture)
        $calls.Function | Should -Contain 'SCardGetStatusChange'
        (ConvertTo-SpyView $calls | Sort-Object Function, Seconds | ConvertTo-Json) | Should -Be ($expected | Sort-Object Function, Seconds | ConvertTo-Json)
    }

    It 'traces its Invoke-Apdu: the SCardTransmit calls carry the APDUs as pcsc-spy decodes them, and it lives' {
        # PcscTools passes SCardTransmit a receive PCI, so the 1.9.9 spy's NULL crash (pcsc-lite issue 159) spares it.
        $capture = Join-Path $TestDrive 'pwsh-apdu.spy'
        $command = "Import-Module '$env:PCSCTOOLS_MODULE_PATH'; '00 A4 04 00 05 A0 00 00 00 01', '00 20 00 81 04 31 32 33 34', '00 B0 00 00 04' | Invoke-Apdu -Reader '$first' | ForEach-Object { `$_.StatusWord.ToString() }"
        $calls = @(Trace-PcscCall $pwsh $pwshDll, '-NoProfile', '-c', $command -CaptureOutput -CapturePath $capture -InformationVariable output -ErrorVariable problems -ErrorAction SilentlyContinue)
        $LASTEXITCODE | Should -Be 0
        $problems | Should -BeNullOrEmpty
        ($output | Where-Object Tags -Contains stdout).MessageData | Should -Be '9000', '9000', '6A82'
        $calls | Where-Object Returned -EQ $false | Should -BeNullOrEmpty

        $expected = @(ConvertFrom-PcscSpyText $capture | Where-Object Function -EQ SCardTransmit)
        $expected.Sent | Should -Be '00 A4 04 00 05 A0 00 00 00 01', '00 20 00 81 04 31 32 33 34', '00 B0 00 00 04'
        $expected.Received | Should -Be '6F 02 84 00 90 00', '90 00', '6A 82'
        $shown = @(ConvertTo-SpyView @(Trace-PcscCall -Path $capture -ShowSecrets) | Where-Object Function -EQ SCardTransmit)
        ($shown | ConvertTo-Json) | Should -Be ($expected | ConvertTo-Json)
        (ConvertTo-SpyView @(Trace-PcscCall -Path $capture -ShowSecrets) | Sort-Object Function, Seconds | ConvertTo-Json) |
            Should -Be (ConvertFrom-PcscSpyText $capture | Sort-Object Function, Seconds | ConvertTo-Json)

        $transmits = @($calls | Where-Object Function -EQ SCardTransmit)
        $transmits.Command.ForEach('ToString') | Should -Be '00 A4 04 00 05 A0 00 00 00 01', '00 20 00 81 04 ** ** ** **', '00 B0 00 00 04'
        $transmits.Response.StatusWord | Should -Be '9000', '9000', '6A82'
        $transmits[0].Response.Data | Should -Be '6F 02 84 00'
        $transmits[0].Reader | Should -Be $first
        $transmits.ResultName | Should -Be 'SCARD_S_SUCCESS', 'SCARD_S_SUCCESS', 'SCARD_S_SUCCESS'
    }
}

Describe 'Trace-PcscCall on a program that passes a NULL receive PCI to SCardTransmit' {
    BeforeAll {
        # A C program built here: PcscTools itself passes a receive PCI, so it no longer shows the 1.9.9 spy's crash.
        $script:nullRecvPci = Join-Path $TestDrive 'transmit-null-recv-pci'
        $source = Join-Path $PSScriptRoot '../Fixtures/transmit-null-recv-pci.c'
        & cc -o $nullRecvPci $source @((& pkg-config --cflags --libs libpcsclite).Trim() -split '\s+')
        if ($LASTEXITCODE -ne 0) { throw "Cannot compile $source (cc exited with $LASTEXITCODE)." }
    }

    It 'works without the spy: the crash is the tracer''s, not the program''s' {
        & $nullRecvPci $first | Should -Be '6F 02 84 00 90 00'
        $LASTEXITCODE | Should -Be 0
    }

    It 'says that the 1.9.9 spy killed it (pcsc-lite issue 159), with the calls up to the crash' {
        $calls = @(Trace-PcscCall $nullRecvPci $first -CaptureOutput -ErrorVariable problems -ErrorAction SilentlyContinue)
        $LASTEXITCODE | Should -Be 139
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'TracedProgramKilledBySpy,PcscTools.Module.Commands.TracePcscCallCommand'
        $problems[0].Exception.Message | Should -Match 'issue 159'
        $problems[0].TargetObject.Function | Should -Be 'SCardTransmit'
        $calls.Function | Should -Be 'SCardEstablishContext', 'SCardConnect', 'SCardTransmit'
        $calls[1].Arguments.Reader | Should -Be $first
        $calls[-1].Returned | Should -BeFalse
        $calls[-1].Command.ToString() | Should -Be '00 A4 04 00 05 A0 00 00 00 01'
    }
}

Describe 'Trace-PcscCall with programs that end early, make no call, or are killed' {
    It 'runs a program that exits at once and gives its exit code' {
        $calls = @(Trace-PcscCall false)
        $calls.Count | Should -Be 0
        $LASTEXITCODE | Should -Be 1
    }

    It 'just runs a program that never makes a PC/SC call' {
        $calls = @(Trace-PcscCall bash '-c', 'sleep 0.2; echo done' -CaptureOutput -InformationVariable done)
        $calls.Count | Should -Be 0
        $done.MessageData | Should -Be 'done'
        $LASTEXITCODE | Should -Be 0
    }

    It 'traces the program''s children too, and never holds the program up while the pipeline is slow' {
        $script = 'for i in 1 2 3 4 5; do pcsc_scan -n -r > /dev/null; done; date +%s.%N'
        $woke = $null
        $calls = @(Trace-PcscCall bash '-c', $script -CaptureOutput -InformationVariable ended | ForEach-Object {
                if ($null -eq $woke) { Start-Sleep -Seconds 5; $woke = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() / 1000 }
                $_
            })
        @($calls | Where-Object Function -EQ SCardEstablishContext).Count | Should -Be 5
        [double]$ended[-1].MessageData | Should -BeLessThan $woke -Because 'the program ended while the first call object was still being handled'
    }

    It 'writes the call a killed program was in as not returned, and ends' {
        # timeout kills pcsc_scan while it waits in SCardGetStatusChange for a card event.
        $elapsed = Measure-Command {
            $script:killed = @(Trace-PcscCall timeout '-s', 'KILL', '3', 'pcsc_scan', '-n' -CaptureOutput -WarningVariable warned -WarningAction SilentlyContinue)
        }
        $elapsed.TotalSeconds | Should -BeLessThan 30
        $LASTEXITCODE | Should -Be 137
        $killed[-1].Function | Should -Be 'SCardGetStatusChange'
        $killed[-1].Returned | Should -BeFalse
        $killed[-1].Meaning | Should -Match 'never returned'
        $killed[-1].Arguments.ReaderStates.Count | Should -BeGreaterThan 0
    }

    It 'ends the trace and the program on Ctrl+C (StopProcessing), with the calls so far written' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddScript("`$env:PCSCLITE_CSOCK_NAME = '$($env:PCSCLITE_CSOCK_NAME)'; `$env:HOME = '$($env:HOME)'; Import-Module '$env:PCSCTOOLS_MODULE_PATH'; Trace-PcscCall pcsc_scan '-n' -CaptureOutput -Verbose")
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ($output.Count -lt 3 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $output.Count | Should -BeGreaterOrEqual 3
            $tracedId = [int]($ps.Streams.Verbose[0].Message -replace '.*\(process (\d+)\).*', '$1')
            Get-Process -Id $tracedId | Should -Not -BeNullOrEmpty
            # Bounded, so that a trace that cannot be stopped fails the test rather than hangs it.
            $ps.BeginStop($null, $null).AsyncWaitHandle.WaitOne(15000) | Should -BeTrue
            Get-Process -Id $tracedId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $output[0].Function | Should -Be 'SCardEstablishContext'
            Join-Path $env:HOME 'pcsc-spy' | Should -Not -Exist
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Trace-PcscCall stopped by the pipeline' {
    It 'ends the program when a later command has what it needs (Select-Object -First)' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:PCSCTOOLS_MODULE_PATH'; Trace-PcscCall pcsc_scan '-n' -CaptureOutput -Verbose | Select-Object -First 2")
            $async = $ps.BeginInvoke()
            $async.AsyncWaitHandle.WaitOne(30000) | Should -BeTrue -Because 'the trace ends with the pipeline'
            $calls = $ps.EndInvoke($async)
            $calls.Count | Should -Be 2
            $tracedId = [int]($ps.Streams.Verbose[0].Message -replace '.*\(process (\d+)\).*', '$1')
            Get-Process -Id $tracedId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Trace-PcscCall stopping a program that ignores SIGINT' {
    It 'kills it, with its children, after the grace period' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:PCSCTOOLS_MODULE_PATH'; Trace-PcscCall bash '-c', 'trap """" INT; pcsc_scan -n & echo `$!; wait; sleep 60' -CaptureOutput -Verbose | Select-Object -First 2")
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $async = $ps.BeginInvoke()
            $async.AsyncWaitHandle.WaitOne(30000) | Should -BeTrue -Because 'the trace ends with the pipeline'
            $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 3 -Because 'SIGINT was ignored, so SIGKILL came after the grace period'
            $ps.EndInvoke($async).Count | Should -Be 2
            $tracedId = [int]($ps.Streams.Verbose[0].Message -replace '.*\(process (\d+)\).*', '$1')
            Get-Process -Id $tracedId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            # The child, orphaned by its parent's death, is gone once its new parent has reaped it.
            $childId = [int]$ps.Streams.Information[0].MessageData
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            # By id and name: on a busy machine the id may already serve a new process.
            function Get-Child { Get-Process -Id $childId -ErrorAction SilentlyContinue | Where-Object Name -EQ 'pcsc_scan' }
            while ((Get-Child) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Get-Child | Should -BeNullOrEmpty
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Trace-PcscCall -Path with damaged captures' {
    BeforeAll {
        $script:good = Join-Path $TestDrive 'good.spy'
        $null = Trace-PcscCall scriptor '-r', $first, $scriptPath -CaptureOutput -CapturePath $good
        $script:lines = Get-Content $good
    }

    It 'reads a truncated capture as far as it goes: the last call is not returned' {
        $cut = Join-Path $TestDrive 'cut.spy'
        $at = [array]::FindLastIndex([string[]]$lines, [Predicate[string]] { param($l) $l -match '@>\|\d+\|\d+\|SCardTransmit$' })
        Set-Content $cut ($lines[0..($at + 3)] + $lines[$at + 4].Substring(0, 5))
        $calls = @(Trace-PcscCall -Path $cut -WarningVariable warned -WarningAction SilentlyContinue)
        $calls[-1].Function | Should -Be 'SCardTransmit'
        $calls[-1].Returned | Should -BeFalse
        @($calls | Where-Object Function -EQ SCardTransmit).Count | Should -Be 3
    }

    It 'skips garbage with a warning and keeps interleaved threads apart' {
        $mixed = Join-Path $TestDrive 'mixed.spy'
        $other = $lines | ForEach-Object { $_ -replace '^[0-9A-F]+@', 'ABCDEF@' }
        $woven = for ($i = 0; $i -lt $lines.Count; $i++) { $lines[$i]; $other[$i]; if ($i % 7 -eq 0) { 'garbage ~~~'; '12@<|x|y|SCardFoo|bad|0xZZ' } }
        Set-Content $mixed $woven
        $calls = @(Trace-PcscCall -Path $mixed -WarningVariable warned -WarningAction SilentlyContinue)
        $calls.Count | Should -Be (2 * @(Trace-PcscCall -Path $good).Count)
        @($calls | Where-Object Thread -EQ 'ABCDEF' | Where-Object Function -EQ SCardTransmit).Response.StatusWord | Should -Be '9000', '9000', '6A82'
        "$warned" | Should -Match 'skipped'
    }

    It 'reads a file that is no capture at all without failing' {
        $junk = Join-Path $TestDrive 'junk.spy'
        Set-Content $junk ([byte[]](1..255) | ForEach-Object { [char]$_ }) -NoNewline
        @(Trace-PcscCall -Path $junk -WarningAction SilentlyContinue).Count | Should -Be 0
    }
}

Describe 'Trace-PcscCall errors and completion' {
    It 'completes programs on PATH, and paths once a / is typed' {
        (TabExpansion2 'Trace-PcscCall pcsc_sc' 22).CompletionMatches.CompletionText | Should -Contain 'pcsc_scan'
        (TabExpansion2 'Trace-PcscCall /usr/bin/pcsc_sc' 31).CompletionMatches.CompletionText | Should -Contain '/usr/bin/pcsc_scan'
    }

    It 'says a program that cannot be found' {
        { Trace-PcscCall no-such-program-here } | Should -Throw -ErrorId 'TraceProgramNotFound,PcscTools.Module.Commands.TracePcscCallCommand'
    }

    It 'says a program that cannot be started, and leaves no private folder behind' {
        $before = @(Get-ChildItem ([IO.Path]::GetTempPath()) -Filter "pcsctools-trace-$PID-*").Count
        { Trace-PcscCall $scriptPath } | Should -Throw -ErrorId 'TraceSetupFailed,PcscTools.Module.Commands.TracePcscCallCommand'
        @(Get-ChildItem ([IO.Path]::GetTempPath()) -Filter "pcsctools-trace-$PID-*").Count | Should -Be $before
    }

    It 'says a capture that cannot be found' {
        { Trace-PcscCall -Path (Join-Path $TestDrive 'missing.spy') -ErrorAction Stop } | Should -Throw -ErrorId 'TraceCaptureNotFound,PcscTools.Module.Commands.TracePcscCallCommand'
    }

    It 'gives the program another HOME, with a warning, when $HOME/pcsc-spy is taken' {
        $taken = Join-Path $env:HOME 'pcsc-spy'
        Set-Content $taken 'a file of the user'
        try {
            $calls = @(Trace-PcscCall pcsc_scan '-n', '-r' -CaptureOutput -WarningVariable warned -WarningAction SilentlyContinue)
            "$warned" | Should -Match 'already exists'
            $calls.Function | Should -Contain 'SCardListReaders'
            Get-Content $taken | Should -Be 'a file of the user'
        }
        finally {
            Remove-Item $taken
        }
    }
}
