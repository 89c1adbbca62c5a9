# Deserialised objects without a remote host: what Export-Clixml/Import-Clixml and Start-Job give (the same
# serialiser as remoting, with the module's types data), so these run wherever the simulator does.

BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    Stop-PcscSimulator
    $script:simulator = Start-PcscSimulator
    $script:first = $simulator.ReaderNames[0]

    function script:Copy-Deserialized($InputObject) {
        [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($InputObject))
    }
}

AfterAll { Stop-PcscSimulator }

Describe 'Should operators on deserialised responses' {
    BeforeAll {
        $script:responses = Copy-Deserialized @(Invoke-Apdu -Reader $first -Command '00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53', '00 A4 02 0C 02 01 02', '00 B0 00 00 04', '00 A4 00 0C 02 3F 99')
    }

    It 'are deserialised, not live' {
        $responses[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.PcscTools.Apdu.ResponseApdu'
    }

    It 'judges the status word, with and without data' {
        $responses[0] | Should -HaveStatusWord 9000
        $responses[2] | Should -HaveStatusWord 9000 -Data '00 01 02 03'
        $responses[2] | Should -HaveResponseData '00 01 02 03'
        $responses[3] | Should -HaveStatusWord 6A82
        $responses[3] | Should -Not -HaveStatusWord 9000
    }

    It 'says what came back when it fails' {
        { $responses[3] | Should -HaveStatusWord 9000 } | Should -Throw -ExpectedMessage "Expected status word 9000 (*), but got 6A82 (*) for command 00 A4 00 0C 02 3F 99 on '$first'."
        { $responses[2] | Should -HaveResponseData 'FF' } | Should -Throw -ExpectedMessage "Expected response data 'FF', but got '00 01 02 03' (9000: *"
    }

    It 'still refuses what is not a response' {
        { Copy-Deserialized (Get-PcscReader -Name $first) | Should -HaveStatusWord 9000 } | Should -Throw -ExpectedMessage 'Expected a response of Invoke-Apdu*'
    }
}

Describe 'Views of deserialised objects' {
    It 'shows a response and its exchanges as the live ones' {
        $live = Invoke-Apdu -Reader $first -Command '00 A4 04 00 0A F0 50 43 53 43 54 4F 4F 4C 53 00'
        $copy = Copy-Deserialized $live
        ($copy | Out-String -Width 200) | Should -Be ($live | Out-String -Width 200)
        ($copy.Exchanges | Out-String -Width 200) | Should -Be ($live.Exchanges | Out-String -Width 200)
    }

    It 'shows card events with their time' {
        $live = Watch-PcscCard -IncludeCurrent -Count 2
        (Copy-Deserialized $live | Out-String -Width 200) | Should -Be ($live | Out-String -Width 200)
    }

    It 'shows the simulator with its cards' {
        $copy = Copy-Deserialized $simulator
        ($copy | Out-String -Width 200) | Should -Be ($simulator | Out-String -Width 200)
        ($copy | Out-String) | Should -Match "Cards\s+: $([regex]::Escape($first))"
    }

    It 'shows the protocol report''s sandbox by name' {
        $live = Test-PcscProtocol
        (Copy-Deserialized $live | Out-String -Width 200) | Should -Be ($live | Out-String -Width 200)
    }
}
