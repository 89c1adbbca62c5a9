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

Describe 'Views of deserialised objects of every output type' {
    BeforeDiscovery {
        # The types Remoting.Tests.ps1 cannot reach cheaply without a host, and those added since: each made here.
        $script:cases = @(
            @{ Type = 'PcscTools.Apdu.ResponseApdu'; Make = { Invoke-Apdu -Reader $first -Command '00 A4 04 00 0A F0 50 43 53 43 54 4F 4F 4C 53 00', '00 A4 00 0C 02 3F 99', '00 A4 04 00 08 A0 00 00 01 51 00 00 00 00' } }
            # A PIN's command shows ** for its data here as there.
            @{ Type = 'PcscTools.Apdu.CommandApdu'; Make = { New-PcscApdu 0x00 0xA4 0x04 0x0C -Data 'F0 50 43 53 43 54 4F 4F 4C 53'; New-PcscApdu -Verify -Reference 0x81 -Pin (ConvertTo-SecureString '1234' -AsPlainText -Force) } }
            @{ Type = 'PcscTools.Tlv.TlvObject'; Make = { ConvertFrom-PcscTlv '6F 10 84 08 A0 00 00 01 51 00 00 00 A5 04 9F 65 01 FF', '70 03 5A 01' -WarningAction Ignore } }
            @{ Type = 'PcscTools.Tlv.DgiRecord'; Make = { ConvertFrom-PcscTlv -Dgi '0101 03 010203 9F65 01 FF' } }
            @{ Type = 'PcscTools.GlobalPlatform.GpRegistryEntry'; Make = { $card = Connect-PcscCard $first; try { $card | Open-PcscSecureChannel -WarningAction Ignore | Get-PcscGpStatus } finally { Disconnect-PcscCard $card } } }
            @{ Type = 'PcscTools.SecureChannel.SecureChannel'; Make = { $card = Connect-PcscCard $first; try { $card | Open-PcscSecureChannel -WarningAction Ignore } finally { Disconnect-PcscCard $card } } }
            @{ Type = 'PcscTools.GlobalPlatform.GpCardData'; Make = { $card = Connect-PcscCard $first; try { Get-PcscGpCardData -Session $card } finally { Disconnect-PcscCard $card } } }
            @{ Type = 'PcscTools.Access.PcscClient'; Make = { $card = Connect-PcscCard $first; try { Get-PcscClient } finally { Disconnect-PcscCard $card } } }
            @{ Type = 'PcscTools.Tracing.PcscCall'; Make = { Trace-PcscCall pcsc_scan '-n', '-c' -CaptureOutput -WarningAction Ignore } }
            @{ Type = 'PcscTools.Tracing.PcscCallSummary'; Make = { Trace-PcscCall pcsc_scan '-n', '-c' -CaptureOutput -Summary -WarningAction Ignore } }
        )
    }

    It 'prints a deserialised <Type> as the live one (its default view, Format-List, and Format-Table where it has a table view)' -ForEach $cases {
        $live = @(& $Make)
        $live | Should -Not -BeNullOrEmpty
        $copy = Copy-Deserialized $live
        $copy[0].PSObject.TypeNames[0] | Should -Be "Deserialized.$Type"
        $tableView = (Get-FormatData -TypeName $Type).FormatViewDefinition.Control | Where-Object { $_ -is [System.Management.Automation.TableControl] }
        foreach ($format in @('Write-Output', 'Format-List') + @(if ($tableView) { 'Format-Table' })) {
            $copy | & $format | Out-String -Width 250 | Should -Be ($live | & $format | Out-String -Width 250) -Because "$format of a deserialised $Type must show what the live one shows"
        }
    }

    It 'does not serialise a response''s Tlv, and parses it again from the data on the other side' {
        $live = Invoke-Apdu -Reader $first -Command '00 A4 04 00 0A F0 50 43 53 43 54 4F 4F 4C 53 00'
        $xml = [System.Management.Automation.PSSerializer]::Serialize($live)
        $xml | Should -Not -Match 'N="Tlv"'
        $copy = [System.Management.Automation.PSSerializer]::Deserialize($xml)
        @($copy.Tlv).Count | Should -Be 1
        "$($copy.Tlv[0])" | Should -Be "$($live.Tlv[0])"
        $copy.Tlv[0].Find(0x82).Value.Hex | Should -Be '0121'
    }

    It 'keeps what the views read from properties a deserialised object has no method for: a TLV object''s Tree, a call''s names in order, the simulator''s cards' {
        $tlv = ConvertFrom-PcscTlv '6F 10 84 08 A0 00 00 01 51 00 00 00 A5 04 9F 65 01 FF'
        $tlv.Tree | Should -Match '^6F 10 -- File control information'
        (Copy-Deserialized $tlv).Tree | Should -Be $tlv.ToTree()
        $call = Trace-PcscCall pcsc_scan '-n', '-c' -CaptureOutput -WarningAction Ignore | Where-Object { $_.Arguments.Count -ge 2 } | Select-Object -First 1
        $call.ArgumentNames.Count | Should -BeGreaterOrEqual 2
        (Copy-Deserialized $call).ArgumentNames | Should -Be $call.ArgumentNames
        (Copy-Deserialized $call).OutputNames | Should -Be $call.OutputNames
        $simulator.ReadersWithCard | Should -Contain $first
        (Copy-Deserialized $simulator).ReadersWithCard | Should -Be $simulator.ReadersWithCard
    }
}
