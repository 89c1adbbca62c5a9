# Should -HaveStatusWord and Should -HaveResponseData on responses of Invoke-Apdu against the virtual card.

BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $script:sim = Start-PcscSimulator -NoCard
    $script:reader = $sim.ReaderNames[0]
    $script:card = [PcscTools.Simulator.VirtualCard.VirtualCard]::new()
    $card.Respond('00 20 00 81 *', '63 C2').Respond('80 CA 00 01 00', '01 02 03 90 00') | Out-Null
    $sim.InsertCard($reader, $card) | Out-Null
    $script:selectApp = '00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53'
    $script:ok = Invoke-Apdu -Reader $reader -Command '80 CA 00 01 00'
    $script:missing = Invoke-Apdu -Reader $reader -Command '00 A4 02 0C 02 3F 99'
    $script:pester = Join-Path (Get-Module Pester).ModuleBase 'Pester.psd1'
}

AfterAll {
    Stop-PcscSimulator
}

Describe 'Should -HaveStatusWord' {
    It 'passes on the expected status word, given as 9000 (a number), 6A82 or a string' {
        $ok | Should -HaveStatusWord 9000
        $ok | Should -HaveStatusWord '90 00'
        $missing | Should -HaveStatusWord 6A82
        $missing | Should -HaveStatusWord '6a82'
    }

    It 'fails on another status word, naming both with their meanings, the command and the reader' {
        { $missing | Should -HaveStatusWord 9000 } | Should -Throw -ExpectedMessage (
            "Expected status word 9000 (Success: normal processing, no further qualification), but got 6A82 " +
            "(Error: file or application not found) for command 00 A4 02 0C 02 3F 99 on '$reader'.")
    }

    It 'takes patterns with ? and lists of patterns' {
        $r = $selectApp, '00 A4 02 0C 02 01 01', '00 B0 00 00 00' | Invoke-Apdu -Reader $reader | Select-Object -Last 1
        $r | Should -HaveStatusWord '9???'
        $missing | Should -HaveStatusWord 9000, '6A??'
        $verify = Invoke-Apdu -Reader $reader -Command '00 20 00 81 04 31 32 33 34'
        $verify | Should -HaveStatusWord '63C?'
        { $verify | Should -HaveStatusWord 9000, '61??' } | Should -Throw -ExpectedMessage 'Expected status word 9000 (Success*) or 61??, but got 63C2 (Warning: verification failed, 2 retries left*'
    }

    It 'passes on 61?? for a response whose remaining data was not fetched' {
        $card.ChainResponses = $true
        try {
            $r = $selectApp, '00 A4 02 0C 02 01 01', '00 B0 00 00 10' | Invoke-Apdu -Reader $reader -NoAutoResponse | Select-Object -Last 1
        }
        finally { $card.ChainResponses = $false }
        $r | Should -HaveStatusWord '61??'
        { $r | Should -HaveStatusWord 9000 } | Should -Throw -ExpectedMessage '*but got 6110 (Success: 16 more byte(s) available; fetch them with GET RESPONSE)*'
    }

    It 'never shows the PIN of a VERIFY in its message' {
        $verify = Invoke-Apdu -Reader $reader -Command '00 20 00 81 04 31 32 33 34'
        $message = try { $verify | Should -HaveStatusWord 9000; 'passed' } catch { $_.Exception.Message }
        $message | Should -BeLike '*for command 00 20 00 81 04 `*`* `*`* `*`* `*`* on*'
        $message | Should -Not -Match '31 32 33 34'
    }

    It 'checks the data too with -Data, and says what data came back' {
        $ok | Should -HaveStatusWord 9000 -Data '01 02 03'
        $ok | Should -HaveStatusWord 9000 -Data ([byte[]](1, 2, 3))
        { $ok | Should -HaveStatusWord 9000 -Data '01 02' } | Should -Throw -ExpectedMessage (
            "Expected status word 9000 (Success: normal processing, no further qualification) with data '01 02', " +
            "but got 9000 (Success: normal processing, no further qualification) with data '01 02 03' for command 80 CA 00 01 00 on '$reader'.")
    }

    It 'with -Not fails on the status word it names' {
        $missing | Should -Not -HaveStatusWord 9000
        { $ok | Should -Not -HaveStatusWord '90??' } | Should -Throw -ExpectedMessage 'Expected a status word other than 90??, but got 9000 (Success*'
    }

    It 'words -Because as Pester does' {
        { $missing | Should -HaveStatusWord 9000 -Because 'the file is personalised' } |
            Should -Throw -ExpectedMessage 'Expected status word 9000 (*) because the file is personalised, but got 6A82*'
    }

    It 'tests every response in the pipeline and names the one that failed' {
        $selectApp, '00 A4 02 0C 02 01 01', '00 B0 00 00 04' | Invoke-Apdu -Reader $reader | Should -HaveStatusWord 9000
        { $ok, $missing, $ok | Should -HaveStatusWord 9000 } | Should -Throw -ExpectedMessage '*but got 6A82 * for command 00 A4 02 0C 02 3F 99 *'
    }

    It 'fails clearly on what is not a response, $null included' {
        { 'x' | Should -HaveStatusWord 9000 } | Should -Throw -ExpectedMessage "Expected a response of Invoke-Apdu with status word 9000 (*), but got ``[System.String``] 'x'."
        { $null | Should -HaveStatusWord 9000 } | Should -Throw -ExpectedMessage '*but got $null.'
        { $null | Should -Not -HaveStatusWord 9000 } | Should -Throw -ExpectedMessage '*but got $null.'
    }

    It 'rejects a malformed pattern with what a pattern looks like' {
        { $ok | Should -HaveStatusWord 900 } | Should -Throw -ExpectedMessage "*'900' is not a status word pattern: it needs four hex digits or '?'*"
        { $ok | Should -HaveStatusWord 'XX00' } | Should -Throw -ExpectedMessage "*'X' is neither a hex digit nor '?'*"
    }
}

Describe 'Should -HaveResponseData' {
    It 'passes on the same bytes, as hex text, a byte array or HexBytes' {
        $ok | Should -HaveResponseData '01 02 03'
        $ok | Should -HaveResponseData '010203'
        $ok | Should -HaveResponseData ([byte[]](1, 2, 3))
        $ok | Should -HaveResponseData ([PcscTools.Bytes.HexBytes]'01 02 03')
        $missing | Should -HaveResponseData ''
        $ok | Should -Not -HaveResponseData '01 02'
    }

    It 'fails naming the expected and actual data, the status word and the command' {
        { $ok | Should -HaveResponseData '01 02' } | Should -Throw -ExpectedMessage (
            "Expected response data '01 02', but got '01 02 03' (9000: Success: normal processing, no further qualification) for command 80 CA 00 01 00 on '$reader'.")
        { $missing | Should -HaveResponseData '01' } | Should -Throw -ExpectedMessage "Expected response data '01', but got (none) (6A82: *"
        { $ok | Should -HaveResponseData 'zz' } | Should -Throw -ExpectedMessage '*zz*'
    }
}

Describe 'Registration' {
    It 'happens on Import-Module when Pester 5 is loaded: a test file needs no extra step' {
        Get-ShouldOperator 3>$null | Where-Object Name -eq 'HaveStatusWord' | Should -Not -BeNullOrEmpty
        $names = Invoke-IsolatedPwsh -NoModule -ScriptBlock ([scriptblock]::Create(@"
Import-Module '$pester'
Import-Module '$env:PCSCTOOLS_MODULE_PATH'
(Get-ShouldOperator 3>`$null | Where-Object Name -like 'Have*').Name
"@))
        $names | Should -Contain 'HaveStatusWord'
        $names | Should -Contain 'HaveResponseData'
    }

    It 'is done by Register-PcscShouldOperator when Pester comes after the module, and again harmlessly' {
        $result = Invoke-IsolatedPwsh -NoModule -ScriptBlock ([scriptblock]::Create(@"
Import-Module '$env:PCSCTOOLS_MODULE_PATH'
Import-Module '$pester'
`$before = @(Get-ShouldOperator 3>`$null | Where-Object Name -eq 'HaveStatusWord').Count
Register-PcscShouldOperator
Register-PcscShouldOperator
Import-Module '$env:PCSCTOOLS_MODULE_PATH' -Force
`$after = @(Get-ShouldOperator 3>`$null | Where-Object Name -like 'Have*Word').Count
"`$before `$after"
"@))
        $result | Should -Be '0 1'
    }

    It 'fails with ShouldOperatorsUnavailable when Pester 5 cannot be found' {
        $id = Invoke-IsolatedPwsh -Environment @{ PSModulePath = '/nonexistent' } -ScriptBlock {
            try { Register-PcscShouldOperator -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; [string]$_.CategoryInfo.Category }
        }
        $id | Should -Be @('ShouldOperatorsUnavailable,PcscTools.Module.Commands.RegisterPcscShouldOperatorCommand', 'NotInstalled')
    }
}
