BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    $script:simulator = Start-PcscSimulator -NoCard
    $script:first = $simulator.ReaderNames[0]
    $script:card = $simulator.InsertCard($first)
    # Deterministic answers, including one longer than scriptor's 16-byte line and one 61xx that must not be fetched.
    $card.Respond('80 CA 9F 7F 00', '01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 90 00') | Out-Null
    $card.Respond('80 CA 00 66 00', '61 10') | Out-Null
    $card.Respond('00 C0 00 00 10', 'A1 A2 A3 A4 A5 A6 A7 A8 A9 AA AB AC AD AE AF B0 90 00') | Out-Null
    $card.Respond('00 20 00 80 08 *', '63 C2') | Out-Null

    $script:scriptText = @'
# scriptor-compatible: hex with and without spaces, a continued line (no r-e-s-e-t or e-x-i-t words in comments: scriptor acts on them anywhere)
00 A4 00 00 02 3F 00
00A40000022F00
00 B0 00 00 04
80 CA 9F 7F 00
80 CA 00 66 00
reset
00 A4 04 00 \
05 A0 00 00 00 03
exit
00 B0 00 00 10
'@
    $script:scriptPath = Join-Path $TestDrive 'compat.txt'
    Set-Content -LiteralPath $scriptPath -Value $scriptText

    function Get-ScriptorResponses([string] $Path) {
        # scriptor prints each answer as "< XX XX … : meaning", wrapping data after 16 bytes.
        $output = (& scriptor -r $first $Path 2>&1) -join "`n"
        [regex]::Matches($output, '(?m)^< ((?:[0-9A-F]{2}\s+)+): ') | ForEach-Object { ($_.Groups[1].Value -split '\s+' | Where-Object { $_ }) -join ' ' }
    }
    function Format-Response($response) { (@($response.Data.ToString(), ('{0:X2} {1:X2}' -f $response.SW1, $response.SW2)) | Where-Object { $_ }) -join ' ' }
}

AfterAll { Stop-PcscSimulator }

Describe 'Invoke-PcscScript runs scriptor scripts as scriptor does (real stack, same virtual card)' {
    It 'gives the same status words and data as scriptor, command for command' {
        $expected = @(Get-ScriptorResponses $scriptPath)
        $sentByScriptor = $card.ReceivedCommands.Count
        $responses = Invoke-PcscScript -Path $scriptPath -Reader $first
        $expected.Count | Should -Be 6 -Because 'scriptor answered six commands before exit'
        @($responses | ForEach-Object { Format-Response $_ }) | Should -Be $expected
        $responses.StatusWord | Should -Be '9000', '9000', '9000', '9000', '6110', '6A82'
        $card.ReceivedCommands.Count - $sentByScriptor | Should -Be $sentByScriptor -Because 'both sent exactly the same commands'
    }

    It 'sends no GET RESPONSE for 61xx unless -AutoResponse is given' {
        $before = $card.ReceivedCommands.Count
        $plain = Invoke-PcscScript $scriptPath -Reader $first | Where-Object StatusWord -EQ '6110'
        $plain.Data.Length | Should -Be 0
        $card.ReceivedCommands | Select-Object -Skip $before | ForEach-Object ToString | Should -Not -Contain '00 C0 00 00 10'

        $auto = Invoke-PcscScript $scriptPath -Reader $first -AutoResponse | Where-Object { $_.Command.ToString() -eq '80 CA 00 66 00' }
        $auto.StatusWord | Should -Be '9000'
        $auto.Data.ToString() | Should -Be 'A1 A2 A3 A4 A5 A6 A7 A8 A9 AA AB AC AD AE AF B0'
        $auto.Exchanges.Count | Should -Be 2
    }

    It 'marks each response with its script line and file, so failures are easy to find' {
        $responses = Get-Item $scriptPath | Invoke-PcscScript -Reader $first
        $responses.ScriptLine | Should -Be 2, 3, 4, 5, 6, 8
        $responses[0].ScriptPath | Should -Be $scriptPath
    }

    It 'uses the first reader when none is given, as scriptor does' {
        (Invoke-PcscScript $scriptPath -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message |
            Should -Contain "No reader given: using $first"
    }

    It 'shows the scriptor transcript under -Verbose, with PINs redacted' {
        $pin = Join-Path $TestDrive 'pin.txt'
        Set-Content -LiteralPath $pin -Value "00 20 00 80 08 31 32 33 34 FF FF FF FF`n80 CA 9F 7F 00"
        $verbose = (Invoke-PcscScript $pin -Reader $first -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Match '> 00 20 00 80 08 \*\* \*\* \*\* \*\* \*\* \*\* \*\* \*\*'
        $verbose | Should -Not -Match '31 32 33 34'
        $verbose | Should -Match '< 63 C2 : '
        $verbose | Should -Match '> 80 CA 9F 7F 00\n< 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 90 00 : Success'
        $reset = (Invoke-PcscScript $scriptPath -Reader $first -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message -join "`n"
        $reset | Should -Match "> RESET\n< OK: 3B 80 80 01 01"
    }

    It 'shows PINs under -ShowSecrets, as scriptor does' {
        $pin = Join-Path $TestDrive 'pin-shown.txt'
        Set-Content -LiteralPath $pin -Value '00 20 00 80 08 31 32 33 34 FF FF FF FF'
        $verbose = (Invoke-PcscScript $pin -Reader $first -ShowSecrets -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Match '> 00 20 00 80 08 31 32 33 34 FF FF FF FF'
    }

    It 'runs on a session from Connect-PcscCard and leaves it open; a closed session is an error' {
        $session = Connect-PcscCard -Reader $first
        try {
            (Invoke-PcscScript $scriptPath -Session $session).Count | Should -Be 6
            $session.IsOpen | Should -BeTrue
            $session.History.Count | Should -BeGreaterOrEqual 6
        }
        finally { Disconnect-PcscCard -Session $session }
        { Invoke-PcscScript $scriptPath -Session $session -ErrorAction Stop } | Should -Throw -ErrorId 'SessionClosed,PcscTools.Module.Commands.InvokePcscScriptCommand'
    }

    It 'reports a card reset by another program as ResetCard, and -Reconnect recovers once, as Invoke-Apdu does' {
        $select = Join-Path $TestDrive 'select.txt'
        Set-Content -LiteralPath $select -Value '00 A4 00 0C 02 3F 00'
        $session = Connect-PcscCard $first
        try {
            Connect-PcscCard $first | Disconnect-PcscCard -Disposition Reset
            Invoke-PcscScript $select -Session $session -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].FullyQualifiedErrorId | Should -Be 'ResetCard,PcscTools.Module.Commands.InvokePcscScriptCommand'
            Connect-PcscCard $first | Disconnect-PcscCard -Disposition Reset
            $out = Invoke-PcscScript $select -Session $session -Reconnect -Verbose 4>&1
            ($out | Where-Object StatusWord).StatusWord | Should -Be '9000'
            ($out | Out-String) | Should -Match 'reconnecting'
        }
        finally { Disconnect-PcscCard $session }
    }
}

Describe 'Invoke-PcscScript expected-response lines' {
    It 'checks "<" lines and reports a mismatch as an error naming the line, and goes on' {
        $path = Join-Path $TestDrive 'expect.txt'
        Set-Content -LiteralPath $path -Value @"
00 A4 00 00 02 3F 00
< 90 00 : Normal processing.
00 B0 00 00 04
< * 90 00
80 CA 9F 7F 00
< 01 02 .. * 14 90 00
"@
        $responses = Invoke-PcscScript $path -Reader $first -ErrorVariable problems -ErrorAction SilentlyContinue
        $responses.Count | Should -Be 3
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'ScriptResponseMismatch,PcscTools.Module.Commands.InvokePcscScriptCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        "$($problems[0])" | Should -Match ([regex]::Escape("${path}:4: the script expects '< * 90 00' but the card answered '69 86'"))
        "$($problems[0])" | Should -Match 'line 3'
        $problems[0].TargetObject.StatusWord | Should -Be '6986'
        { Invoke-PcscScript $path -Reader $first -ErrorAction Stop } | Should -Throw -ErrorId 'ScriptResponseMismatch,PcscTools.Module.Commands.InvokePcscScriptCommand'
    }
}

Describe 'Invoke-PcscScript bad input' {
    It 'refuses a script with a bad line before sending anything, naming file and line' {
        $path = Join-Path $TestDrive 'bad.txt'
        Set-Content -LiteralPath $path -Value "00 A4 00 00 02 3F 00`n00 B0 0G 00`n00 A4 00 00 05 3F 00"
        $before = $card.ReceivedCommands.Count
        $result = Invoke-PcscScript $path -Reader $first -ErrorVariable problems -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $card.ReceivedCommands.Count | Should -Be $before
        $problems.Count | Should -Be 2
        $problems.FullyQualifiedErrorId | Sort-Object -Unique | Should -Be 'ScriptSyntaxError,PcscTools.Module.Commands.InvokePcscScriptCommand'
        $problems.CategoryInfo.Category | Sort-Object -Unique | Should -Be 'ParserError'
        $problems.TargetObject | Should -Be "${path}:2", "${path}:3"
        "$($problems[1])" | Should -Match 'Lc 05'
    }

    It 'writes ScriptNotFound for a missing file and goes on with the next' {
        $missing = Join-Path $TestDrive 'missing.txt'
        $result = Invoke-PcscScript $missing, $scriptPath -Reader $first -ErrorVariable problems -ErrorAction SilentlyContinue
        $result.Count | Should -Be 6
        $problems[0].FullyQualifiedErrorId | Should -Be 'ScriptNotFound,PcscTools.Module.Commands.InvokePcscScriptCommand'
        $problems[0].TargetObject | Should -Be $missing
    }

    It 'writes a PC/SC error for an empty reader' {
        { Invoke-PcscScript $scriptPath -Reader $simulator.ReaderNames[1] -ErrorAction Stop } | Should -Throw -ErrorId 'NoSmartcard,PcscTools.Module.Commands.InvokePcscScriptCommand'
    }

    It 'gives up on a card silent past -ResponseTimeout with a Timeout error, and runs no more of the script' {
        $silent = $simulator.InsertCard($simulator.ReaderNames[1])
        try {
            $silent.ResponseDelay = [TimeSpan]::FromHours(1)
            $responses = Invoke-PcscScript $scriptPath -Reader $simulator.ReaderNames[1] -ResponseTimeout 0.5 -ErrorVariable problems -ErrorAction SilentlyContinue
            $responses | Should -BeNullOrEmpty
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'Timeout,PcscTools.Module.Commands.InvokePcscScriptCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $silent.ReceivedCommands.Count | Should -Be 1
        }
        finally { $simulator.RemoveCard($simulator.ReaderNames[1]) }
    }

    It 'stops at Ctrl+C while the card is silent' {
        $silent = $simulator.InsertCard($simulator.ReaderNames[1])
        try {
            $silent.ResponseDelay = [TimeSpan]::FromHours(1)
            $shell = [powershell]::Create()
            $null = $shell.AddScript('param($module, $path, $reader) Import-Module $module; Invoke-PcscScript $path -Reader $reader').
                AddArgument($env:PCSCTOOLS_MODULE_PATH).AddArgument($scriptPath).AddArgument($simulator.ReaderNames[1])
            $running = $shell.BeginInvoke()
            if (-not [Threading.SpinWait]::SpinUntil([Func[bool]] { $silent.ReceivedCommands.Count -ge 1 }, 30000)) { throw 'The card never got the first command.' }

            $shell.Stop()

            $running.IsCompleted | Should -BeTrue
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $silent.ReceivedCommands.Count | Should -Be 1
            $shell.Dispose()
        }
        finally { $simulator.RemoveCard($simulator.ReaderNames[1]) }
    }
}
