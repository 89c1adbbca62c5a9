BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $script:sim = Start-PcscSimulator -NoCard
    $script:reader, $script:spare = $sim.ReaderNames
    $script:selectApp = '00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53'

    # A fresh default card in the first reader, optionally changed by $Setup (e.g. ChainResponses).
    function Use-Card([scriptblock] $Setup) {
        $sim.RemoveCard($reader)
        $card = [PcscTools.Simulator.VirtualCard.VirtualCard]::new()
        if ($Setup) { & $Setup $card }
        $sim.InsertCard($reader, $card) | Out-Null
        $card
    }
}

AfterAll {
    Stop-PcscSimulator
}

Describe 'Invoke-Apdu on the virtual card' {
    BeforeEach { $script:card = Use-Card }

    It 'takes hex in any case, with spaces, colons or 0x, a byte[] and a New-PcscApdu object' {
        $responses = @(
            Invoke-Apdu -Reader $reader -Command '00a4040c0af050435343544f4f4c53'
            Invoke-Apdu -Reader $reader -Command '0x00 A4 04 0C 0A F0:50:43:53:43:54:4F:4F:4C:53'
            Invoke-Apdu -Reader $reader -Command ([byte[]](0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00))
            , ([byte[]](0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00)) | Invoke-Apdu -Reader $reader
            New-PcscApdu -Cla 0 -Ins 0xA4 -P1 0 -P2 0x0C -Data '3F00' | Invoke-Apdu -Reader $reader
        )
        $responses.StatusWord | Should -Be @('9000', '9000', '9000', '9000', '9000')
        "$($card.ReceivedCommands[0])" | Should -BeExactly $selectApp
        "$($card.ReceivedCommands[4])" | Should -BeExactly '00 A4 00 0C 02 3F 00'
    }

    It 'takes a list of numbers as one command, and explains how to pipe a byte array that was unrolled' {
        (Invoke-Apdu -Reader $reader -Command 0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00).StatusWord | Should -Be '9000'
        $before = $card.ReceivedCommands.Count
        [byte[]](0x00, 0xA4, 0x00, 0x0C) | Invoke-Apdu -Reader $reader -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems.Count | Should -Be 4
        "$($problems[0])" | Should -Match 'comma operator'
        $card.ReceivedCommands.Count | Should -Be $before
    }

    It 'returns a typed response: Reader, Command, Data, SW1, SW2, StatusWord, IsSuccess, Meaning, Elapsed, Exchanges' {
        $r = $selectApp, '00 A4 02 0C 02 01 02', '00 B0 00 00 10' | Invoke-Apdu -Reader $reader | Select-Object -Last 1
        $r | Should -BeOfType PcscTools.Apdu.ResponseApdu
        $r.Reader | Should -Be $reader
        "$($r.Command)" | Should -BeExactly '00 B0 00 00 10'
        "$($r.Data)" | Should -BeExactly '00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F'
        $r.SW1, $r.SW2 | Should -Be @(0x90, 0x00)
        $r.StatusWord | Should -BeExactly '9000'
        $r.IsSuccess | Should -BeTrue
        $r.Meaning | Should -Match 'normal processing'
        $r.Elapsed | Should -BeOfType TimeSpan
        $r.Exchanges.Count | Should -Be 1
    }

    It 'decodes a failing status word without making it an error' {
        $r = Invoke-Apdu -Reader $reader -Command '00 A4 04 00 02 12 34' -ErrorVariable problems
        $r.StatusWord | Should -Be '6A82'
        $r.IsSuccess | Should -BeFalse
        $r.Meaning | Should -Match 'file or application not found'
        $problems | Should -BeNullOrEmpty
    }

    It 'shows responses in a table with the status word, data as uppercase hex pairs, and the meaning' {
        $table = $selectApp, '00 A4 02 0C 02 01 02', '00 B0 00 00 04' | Invoke-Apdu -Reader $reader | Format-Table | Out-String -Width 200
        $table | Should -Match 'SW\s+Data\s+Meaning'
        $table | Should -Match '9000\s+00 01 02 03\s+Success'
    }

    It 'runs several commands in order inside one transaction, streaming: a stopped pipeline sends no more' {
        $first = 1..10000 | ForEach-Object { '00 A4 00 0C 02 3F 00' } | Invoke-Apdu -Reader $reader | Select-Object -First 2
        $first.Count | Should -Be 2
        $card.ReceivedCommands.Count | Should -BeLessThan 10
    }

    It 'completes reader names on -Reader' {
        $line = 'Invoke-Apdu -Reader PcscTools'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain "'$reader'"
    }
}

Describe 'GET RESPONSE and 6Cxx' {
    It 'joins a 61xx chain with GET RESPONSE and lists every exchange, also in -Verbose' {
        $card = Use-Card { param($c) $c.ChainResponses = $true }
        $commands = $selectApp, '00 A4 02 0C 02 01 02', '00 B0 00 00 00 02 00'
        $out = $commands | Invoke-Apdu -Reader $reader -Verbose 4>&1
        $verbose = $out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $r = $out | Where-Object { $_ -is [PcscTools.Apdu.ResponseApdu] } | Select-Object -Last 1
        $r.StatusWord | Should -Be '9000'
        $r.Data.Length | Should -Be 512
        $r.Data[511] | Should -Be 255
        $r.Exchanges.Command | ForEach-Object { "$_" } | Should -Be @('00 B0 00 00 00 02 00', '00 C0 00 00 00', '00 C0 00 00 00')
        $r.Exchanges.StatusWord | Should -Be @('6100', '6100', '9000')
        ($verbose.Message -match '^00 C0 00 00 00 =>').Count | Should -Be 2
        $card.ReceivedCommands[-2..-1] | ForEach-Object { "$_" } | Should -Be @('00 C0 00 00 00', '00 C0 00 00 00')
    }

    It 'hands back the 61xx itself with -NoAutoResponse' {
        $card = Use-Card { param($c) $c.ChainResponses = $true }
        $r = $selectApp, '00 A4 02 0C 02 01 02', '00 B0 00 00 10' | Invoke-Apdu -Reader $reader -NoAutoResponse | Select-Object -Last 1
        $r.StatusWord | Should -Be '6110'
        $r.Meaning | Should -Match '16 more byte'
        $r.Exchanges.Count | Should -Be 1
        "$($card.ReceivedCommands[-1])" | Should -Be '00 B0 00 00 10'
    }

    It 're-sends with the Le a strict card names in 6Cxx' {
        Use-Card { param($c) $c.StrictLe = $true } | Out-Null
        $r = Invoke-Apdu -Reader $reader -Command '00 A4 00 00 02 3F 00 04'
        $r.StatusWord | Should -Be '9000'
        $r.Data.Length | Should -Be 10
        $r.Exchanges.Command | ForEach-Object { "$_" } | Should -Be @('00 A4 00 00 02 3F 00 04', '00 A4 00 00 02 3F 00 0A')
    }

    It 'follows a scripted 6Cxx then 61xx to the end' {
        Use-Card { param($c) $c.Respond('80 CA 9F 7F 00', '6C 04').Respond('80 CA 9F 7F 04', '61 02').Respond('00 C0 00 00 02', 'CA FE 90 00') | Out-Null } | Out-Null
        $r = Invoke-Apdu -Reader $reader -Command '80CA9F7F00'
        "$($r.Data)" | Should -Be 'CA FE'
        $r.Exchanges.Count | Should -Be 3
    }

    It 'carries extended-length commands and answers end to end' {
        Use-Card | Out-Null
        $content = [byte[]](0..299 | ForEach-Object { $_ % 256 })
        $session = Connect-PcscCard $reader
        try {
            Invoke-Apdu -Session $session -Command $selectApp, '00 A4 02 0C 02 01 02' | Out-Null
            $update = New-PcscApdu 0 0xD6 0 0 -Data $content
            $update.Case | Should -Be 'Case3Extended'
            (Invoke-Apdu -Session $session -Command $update).StatusWord | Should -Be '9000'
            $read = Invoke-Apdu -Session $session -Command (New-PcscApdu 0 0xB0 0 0 -Le 300)
            $read.Data.ToArray() | Should -Be $content
        }
        finally { $session | Disconnect-PcscCard }
    }
}

Describe 'Transactions' {
    BeforeAll {
        # Another client of the same card, connected before the call (pcscd holds a new connection back while a transaction
        # lasts): its SCardStatus is answered with a sharing violation while another connection holds a transaction.
        $script:observerContext = [PcscTools.Contexts.PcscContext]::Establish()
        function script:Connect-Observer { $script:observer = $observerContext.Connect($reader) }
        function script:Test-CardHeld {
            try { $null = $observer.Status(); $false }
            catch { if ($_.Exception.InnerException.Code -ne 'SharingViolation') { throw }; $true }
        }
        # Invoke-Apdu in a second runspace, so that the test can look at the card while the call is in the middle of it.
        function script:Start-Call([string[]] $Commands) {
            $shell = [powershell]::Create()
            $null = $shell.AddScript('param($module, $reader, $commands) Import-Module $module; Invoke-Apdu -Reader $reader -Command $commands').
                AddArgument($env:PCSCTOOLS_MODULE_PATH).AddArgument($reader).AddArgument($Commands)
            [pscustomobject]@{ Shell = $shell; Run = $shell.BeginInvoke() }
        }
        function script:Complete-Call($Call) {
            $responses = $Call.Shell.EndInvoke($Call.Run)
            $Call.Shell.Streams.Error | Should -BeNullOrEmpty
            $Call.Shell.Dispose()
            $responses
        }
        function script:Wait-Until([scriptblock] $Condition, [string] $What) {
            if (-not [Threading.SpinWait]::SpinUntil([Func[bool]] $Condition, 30000)) { throw "Timed out waiting until $What." }
        }
    }
    AfterEach { $observer.Dispose() }
    AfterAll { $observerContext.Dispose() }

    It 'holds one transaction over several commands: another client is kept out until the call ends' {
        $card = Use-Card { param($c) $c.ResponseDelay = [TimeSpan]::FromMilliseconds(300) }
        Connect-Observer
        $call = Start-Call $selectApp, '00 A4 02 0C 02 01 02', '00 B0 00 00 04'
        Wait-Until { $card.ReceivedCommands.Count -ge 1 } 'the card has the first command'
        Test-CardHeld | Should -BeTrue
        (Complete-Call $call).StatusWord | Should -Be @('9000', '9000', '9000')
        Test-CardHeld | Should -BeFalse
    }

    It 'sends a single command without one: another client may use the card meanwhile' {
        $card = Use-Card { param($c) $c.ResponseDelay = [TimeSpan]::FromMilliseconds(300) }
        Connect-Observer
        $call = Start-Call $selectApp
        Wait-Until { $card.ReceivedCommands.Count -ge 1 } 'the card has the command'
        Test-CardHeld | Should -BeFalse
        (Complete-Call $call).StatusWord | Should -Be '9000'
    }

    It 'begins one before the GET RESPONSE a single command''s answer calls for' {
        $card = Use-Card { param($c) $c.ChainResponses = $true }
        # The card's file 0102 is 512 bytes, read as 61 00 and then two GET RESPONSEs.
        $null = Invoke-Apdu -Reader $reader -Command $selectApp, '00 A4 02 0C 02 01 02' -ExpectStatus 9000
        $card.ResponseDelay = [TimeSpan]::FromMilliseconds(300)
        Connect-Observer
        $before = $card.ReceivedCommands.Count
        $call = Start-Call '00 B0 00 00 00 02 00'
        Wait-Until { $card.ReceivedCommands.Count -ge $before + 2 } 'the card has the first GET RESPONSE'
        Test-CardHeld | Should -BeTrue
        (Complete-Call $call).Data.Length | Should -Be 512
        Test-CardHeld | Should -BeFalse
    }
}

Describe 'Bad input is rejected before anything is sent' {
    BeforeAll { $script:card = Use-Card }

    It 'rejects <Name> with InvalidApdu, the offending text as target, and sends nothing' -ForEach @(
        @{ Name = 'odd hex'; Text = '00A4040'; Problem = 'odd number' }
        @{ Name = 'non-hex'; Text = '00A4 04 0Z'; Problem = "'Z'" }
        @{ Name = 'Lc mismatch'; Text = '00 A4 04 00 05 3F 00'; Problem = 'Lc 05 says 5' }
        @{ Name = 'a short header'; Text = '00 A4 04'; Problem = 'four header bytes' }
    ) {
        $before = $card.ReceivedCommands.Count
        { Invoke-Apdu -Reader $reader -Command $Text -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidApdu,PcscTools.Module.Commands.InvokeApduCommand'
        Invoke-Apdu -Reader $reader -Command $Text -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].TargetObject | Should -BeExactly $Text
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($problems[0])" | Should -Match ([regex]::Escape($Problem))
        $card.ReceivedCommands.Count | Should -Be $before
    }

    It 'rejects data over 65,535 bytes' {
        { New-PcscApdu 0 0xD6 0 0 -Data ([byte[]]::new(65536)) } | Should -Throw -ErrorId 'InvalidApdu,PcscTools.Module.Commands.NewPcscApduCommand'
        $before = $card.ReceivedCommands.Count
        { Invoke-Apdu -Reader $reader -Command ([byte[]]::new(4 + 3 + 65536)) -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidApdu,PcscTools.Module.Commands.InvokeApduCommand'
        $card.ReceivedCommands.Count | Should -Be $before
    }

    It 'sends none of a -Command list when one item is bad' {
        $before = $card.ReceivedCommands.Count
        $out = Invoke-Apdu -Reader $reader -Command '00 A4 00 0C 02 3F 00', 'zz', '00 A4 00 0C 02 3F 00' -ErrorVariable problems -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $card.ReceivedCommands.Count | Should -Be $before
    }

    It 'rejects a malformed -ExpectStatus pattern' {
        { Invoke-Apdu -Reader $reader -Command '00A4000C023F00' -ExpectStatus '90' } | Should -Throw -ErrorId 'InvalidStatusPattern,PcscTools.Module.Commands.InvokeApduCommand'
    }
}

Describe '-ExpectStatus' {
    BeforeAll { Use-Card { param($c) $c.Respond('00 20 00 81 *', '63 C2') | Out-Null } | Out-Null }

    It 'passes responses that match a pattern' {
        $r = Invoke-Apdu -Reader $reader -Command '00 A4 00 0C 02 3F 00', '00 20 00 81 04 31 32 33 34' -ExpectStatus 9000, '61??', '63C?' -ErrorVariable problems
        $r.StatusWord | Should -Be @('9000', '63C2')
        $problems | Should -BeNullOrEmpty
    }

    It 'turns a mismatch into a non-terminating ProtocolError naming the command and the status word' {
        $r = Invoke-Apdu -Reader $reader -Command '00 A4 04 00 02 12 34', '00 A4 00 0C 02 3F 00' -ExpectStatus 9000 -ErrorVariable problems -ErrorAction SilentlyContinue
        $r.StatusWord | Should -Be '9000'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'UnexpectedStatusWord,PcscTools.Module.Commands.InvokeApduCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ProtocolError'
        $problems[0].TargetObject | Should -Be '00 A4 04 00 02 12 34'
        "$($problems[0])" | Should -Match '6A82 \(Error: file or application not found\)'
        $problems[0].Exception.Response.StatusWord | Should -Be '6A82'
    }

    It 'makes a failing script exit non-zero' {
        # The child inherits PCSCLITE_CSOCK_NAME from this process, which the simulator set.
        $script = "Import-Module '$env:PCSCTOOLS_MODULE_PATH'; 'imported'; Invoke-Apdu -Reader '$reader' -Command '00A4040002 1234' -ExpectStatus 9000"
        $out = & dotnet pwsh -NoProfile -NonInteractive -Command $script 2> $null
        $out | Should -Contain 'imported'
        $LASTEXITCODE | Should -Be 1
    }
}

Describe 'PIN redaction' {
    BeforeAll {
        Use-Card { param($c) $c.Respond('00 20 00 81 *', '63 C2').Respond('00 24 00 81 *', '69 82').Respond('00 2C 00 81 *', '90 00') | Out-Null } | Out-Null
        $script:verify = '00 20 00 81 06 31 32 33 34 35 36'
    }

    It 'redacts <Name> data in verbose output, errors and history' -ForEach @(
        @{ Name = 'VERIFY'; Command = '00 20 00 81 06 31 32 33 34 35 36'; Shown = '00 20 00 81 06 ** ** ** ** ** **' }
        @{ Name = 'CHANGE REFERENCE DATA'; Command = '00 24 00 81 06 31 32 33 34 35 36'; Shown = '00 24 00 81 06 ** ** ** ** ** **' }
        @{ Name = 'RESET RETRY COUNTER'; Command = '00 2C 00 81 06 31 32 33 34 35 36'; Shown = '00 2C 00 81 06 ** ** ** ** ** **' }
    ) {
        $session = Connect-PcscCard $reader
        try {
            $out = Invoke-Apdu -Session $session -Command $Command -ExpectStatus 6A82 -Verbose -ErrorVariable problems -ErrorAction SilentlyContinue 4>&1
            $text = ($out | Out-String) + ($problems | Out-String) + ($problems.TargetObject -join ' ') + ($session.History | Out-String)
            $text | Should -Not -Match '31 32 33'
            $text | Should -Match ([regex]::Escape($Shown))
            "$($session.History[-1].Command)" | Should -Be $Shown
            $problems[0].TargetObject | Should -Be $Shown
        }
        finally { Disconnect-PcscCard $session }
    }

    It 'still sends the PIN to the card' {
        Invoke-Apdu -Reader $reader -Command $verify | Out-Null
        "$($sim.CardIn($reader).ReceivedCommands[-1])" | Should -Be $verify
    }

    It 'shows the PIN with -ShowSecrets' {
        $out = Invoke-Apdu -Reader $reader -Command $verify -ShowSecrets -Verbose 4>&1
        ($out | Out-String) | Should -Match '31 32 33 34 35 36'
    }
}

Describe 'Card sessions' {
    BeforeEach { Use-Card | Out-Null }
    AfterEach { if ($script:leftOpen) { Disconnect-PcscCard $script:leftOpen } }

    It 'Connect-PcscCard returns a session with reader, protocol, ATR and share mode; Disconnect-PcscCard closes it' {
        $session = Get-PcscReader -Name $reader | Connect-PcscCard
        $script:leftOpen = $session
        $session.Reader | Should -Be $reader
        $session.Protocol | Should -Be 'T1'
        "$($session.Atr)" | Should -Be '3B 80 80 01 01'
        $session.ShareMode | Should -Be 'Shared'
        ($session | Format-Table | Out-String -Width 200) | Should -Match 'T1\s+Shared\s+True\s+3B 80 80 01 01'
        $session | Invoke-Apdu -Command '00 A4 00 0C 02 3F 00' | ForEach-Object StatusWord | Should -Be '9000'
        $session | Disconnect-PcscCard
        $session.IsOpen | Should -BeFalse
        { Invoke-Apdu -Session $session -Command '00A4000C023F00' } | Should -Throw -ErrorId 'SessionClosed,PcscTools.Module.Commands.InvokeApduCommand'
    }

    It 'reports a removed card as RemovedCard (ResourceUnavailable)' {
        $session = Connect-PcscCard $reader
        $sim.RemoveCard($reader)
        { Invoke-Apdu -Session $session -Command '00A4000C023F00' -ErrorAction Stop } | Should -Throw -ErrorId 'RemovedCard,PcscTools.Module.Commands.InvokeApduCommand'
        $problem = $null
        try { Invoke-Apdu -Session $session -Command '00A4000C023F00' } catch { $problem = $_ }
        $problem.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        Disconnect-PcscCard $session
    }

    It 'sends the commands to each session piped in, in turn' {
        $second = $sim.InsertCard($spare)
        $sessions = (Connect-PcscCard $reader), (Connect-PcscCard $spare)
        try {
            $responses = $sessions | Invoke-Apdu -Command '00 A4 00 0C 02 3F 00', '00 A4 00 0C 02 3F 00'
            $responses.Reader | Should -Be @($reader, $reader, $spare, $spare)
            $sim.CardIn($reader).ReceivedCommands.Count | Should -Be 2
            $second.ReceivedCommands.Count | Should -Be 2
        }
        finally {
            $sessions | Disconnect-PcscCard
            $sim.RemoveCard($spare)
        }
    }

    It 'reports a card reset by another program as ResetCard, and -Reconnect recovers once' {
        $session = Connect-PcscCard $reader
        try {
            Connect-PcscCard $reader | Disconnect-PcscCard -Disposition Reset
            { Invoke-Apdu -Session $session -Command '00A4000C023F00' } | Should -Throw -ErrorId 'ResetCard,PcscTools.Module.Commands.InvokeApduCommand'
            Connect-PcscCard $reader | Disconnect-PcscCard -Disposition Reset
            $out = Invoke-Apdu -Session $session -Command '00A4000C023F00' -Reconnect -Verbose 4>&1
            ($out | Where-Object StatusWord).StatusWord | Should -Be '9000'
            ($out | Out-String) | Should -Match 'reconnecting'
        }
        finally { Disconnect-PcscCard $session }
    }

    It 'reports an empty reader as NoSmartcard and an unknown one as UnknownReader (ObjectNotFound)' {
        { Invoke-Apdu -Reader $spare -Command '00A4000C023F00' } | Should -Throw -ErrorId 'NoSmartcard,PcscTools.Module.Commands.InvokeApduCommand'
        try { Invoke-Apdu -Reader 'No Such Reader' -Command '00A4000C023F00' } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'UnknownReader,PcscTools.Module.Commands.InvokeApduCommand'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'makes another process wait at most -Timeout for an exclusive session, then fail with SharingViolation (ResourceBusy)' {
        $session = Connect-PcscCard $reader -ShareMode Exclusive
        try {
            $outcome = Invoke-IsolatedPwsh -Environment @{ PCSCLITE_CSOCK_NAME = $sim.SocketPath } -ScriptBlock ([scriptblock]::Create(@"
                `$watch = [Diagnostics.Stopwatch]::StartNew()
                try { Invoke-Apdu -Reader '$reader' -Command '00A4000C023F00' -Timeout 0.5; 'no error' }
                catch { [pscustomobject]@{ Id = `$_.FullyQualifiedErrorId; Category = "`$(`$_.CategoryInfo.Category)"; Message = "`$_"; Seconds = `$watch.Elapsed.TotalSeconds } }
"@))
            $outcome.Id | Should -Be 'SharingViolation,PcscTools.Module.Commands.InvokeApduCommand'
            $outcome.Category | Should -Be 'ResourceBusy'
            $outcome.Message | Should -Match 'still in use after 0.5 s'
            $outcome.Seconds | Should -BeLessThan 10
        }
        finally { Disconnect-PcscCard $session }
    }

    It 'closes sessions left open when the module is removed' {
        $outcome = Invoke-IsolatedPwsh -Environment @{ PCSCLITE_CSOCK_NAME = $sim.SocketPath } -ScriptBlock ([scriptblock]::Create(@"
            `$session = Connect-PcscCard '$reader' -ShareMode Exclusive
            `$session.IsOpen
            Remove-Module PcscTools
            `$session.IsOpen
"@))
        $outcome | Should -Be @($true, $false)
    }

    It 'closes sessions left open when their runspace ends' {
        $ps = [powershell]::Create()
        try {
            $session = $ps.AddScript("Import-Module '$env:PCSCTOOLS_MODULE_PATH'; Connect-PcscCard '$reader' -ShareMode Exclusive").Invoke()[0]
            $ps.Streams.Error | Should -BeNullOrEmpty
            $session.IsOpen | Should -BeTrue
            $ps.Runspace.Close()
            $session.IsOpen | Should -BeFalse
            (Invoke-Apdu -Reader $reader -Command '00A4000C023F00').StatusWord | Should -Be '9000'
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Reader control codes and attributes' {
    BeforeAll { Use-Card | Out-Null }

    It 'sends a control code (function number or 0x42000000 + n) and reports what vpcd lacks as UnsupportedFeature' {
        foreach ($code in 3400, (0x42000000 + 3400)) {
            $err = $null
            try { Invoke-PcscReaderControl -Reader $reader -Code $code -ErrorAction Stop } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -Be 'UnsupportedFeature,PcscTools.Module.Commands.InvokePcscReaderControlCommand'
            "$err" | Should -Match 'SCardControl'
        }
    }

    It 'reads named attributes, with an error for one the driver lacks' {
        try { Get-PcscReaderAttribute -Reader $reader -Name VendorName -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'UnsupportedFeature,PcscTools.Module.Commands.GetPcscReaderAttributeCommand'
        $err.TargetObject | Should -Be 'VendorName'
    }
}

Describe 'Byte for byte the same as scriptor (pcsc-tools)' {
    BeforeAll {
        $script:commands = @(
            '00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53'
            '00 A4 02 0C 02 01 02'
            '00 B0 00 00 10'
            '00 B0 03 F8 10'
            '00 A4 04 00 02 12 34'
            '00 EE 00 00'
        )
        # scriptor prints "< data SW1 SW2 : text", wrapping long data over lines; this joins the hex of each answer.
        function Get-ScriptorAnswers([string] $ReaderName, [string[]] $Commands) {
            $file = Join-Path $TestDrive "$([guid]::NewGuid()).script"
            $Commands | Set-Content $file
            $text = (& scriptor -r $ReaderName $file 2>$null) -join "`n"
            [regex]::Matches($text, '(?ms)^< (.*?) :') | ForEach-Object { ($_.Groups[1].Value -replace '\s+', ' ').Trim() }
        }
    }

    It 'gives the same answers as scriptor on the virtual card' {
        Use-Card | Out-Null
        $expected = Get-ScriptorAnswers $reader $commands
        $expected.Count | Should -Be $commands.Count
        $ours = $commands | Invoke-Apdu -Reader $reader -NoAutoResponse | ForEach-Object { "$_" }
        $ours | Should -Be $expected
    }

    It 'behaves the same on a second, unrelated emulator (vsmartcard vicc)' {
        if (-not (Get-Command vicc -ErrorAction Ignore)) { Set-ItResult -Skipped -Because 'vicc (Debian vsmartcard-vpicc) is not installed'; return }
        # Debian's vicc imports pycryptodome as "Crypto" while Debian installs it as "Cryptodome": bridge the name.
        $shim = New-Item -ItemType Directory (Join-Path $TestDrive 'vicc-shim') -Force
        New-Item -ItemType SymbolicLink -Path (Join-Path $shim 'Crypto') -Target '/usr/lib/python3/dist-packages/Cryptodome' | Out-Null
        $start = [Diagnostics.ProcessStartInfo]::new('/usr/bin/vicc')
        '-t', 'iso7816', '-P', "$($sim.Daemon.Slots[1].Port)" | ForEach-Object { $start.ArgumentList.Add($_) }
        $start.Environment['PYTHONPATH'] = "/usr/lib/python3/site-packages/virtualsmartcard:$shim"
        $start.RedirectStandardError = $true
        $start.RedirectStandardOutput = $true
        $vicc = [Diagnostics.Process]::Start($start)
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(15)
            while (-not (Get-PcscReader -Name $spare).CardPresent -and -not $vicc.HasExited -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            if (-not (Get-PcscReader -Name $spare).CardPresent) { Set-ItResult -Skipped -Because "vicc did not come up: $($vicc.StandardError.ReadToEnd())"; return }
            $viccCommands = '00 A4 00 0C 02 3F 00', '00 A4 04 00 02 12 34', '00 B0 00 00 04', '00 A4 00 0C 02 3F 00'
            $expected = Get-ScriptorAnswers $spare $viccCommands
            $ours = $viccCommands | Invoke-Apdu -Reader $spare -NoAutoResponse
            ($ours | ForEach-Object { "$_" }) | Should -Be $expected
            # The same commands get the same verdicts from both cards.
            Use-Card | Out-Null
            $same = '00 A4 00 0C 02 3F 00', '00 A4 04 00 02 12 34'
            ($same | Invoke-Apdu -Reader $spare).StatusWord | Should -Be ($same | Invoke-Apdu -Reader $reader).StatusWord
        }
        finally { if (-not $vicc.HasExited) { $vicc.Kill() }; $vicc.WaitForExit() }
    }
}
