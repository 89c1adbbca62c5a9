BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    $script:sim = Start-PcscSimulator -NoCard
    $script:reader = $sim.ReaderNames[0]
    $script:pin = ConvertTo-SecureString -String '123456' -AsPlainText -Force
    $script:newPin = ConvertTo-SecureString -String '654321' -AsPlainText -Force
    # The PIN's bytes in each format, as they must reach the card and never appear anywhere else.
    $script:ascii = '31 32 33 34 35 36'
}

AfterAll {
    Stop-PcscSimulator
}

Describe 'New-PcscApdu PIN forms' {
    It 'writes the PIN as <Format>' -ForEach @(
        @{ Format = 'Ascii'; PadTo = 8; Expected = '00 20 00 81 08 31 32 33 34 35 36 FF FF' }
        @{ Format = 'Bcd'; PadTo = 0; Expected = '00 20 00 81 03 12 34 56' }
        @{ Format = 'Iso9564Format2'; PadTo = 0; Expected = '00 20 00 81 08 26 12 34 56 FF FF FF FF' }
    ) {
        $sim.RemoveCard($reader)
        $virtual = [PcscTools.Simulator.VirtualCard.VirtualCard]::new().Respond('00 20 *', '90 00')
        $sim.InsertCard($reader, $virtual) | Out-Null
        $command = New-PcscApdu -Verify -Reference 0x81 -Pin $pin -PinFormat $Format -PadTo $PadTo
        $response = Invoke-Apdu -Reader $reader -Command $command
        "$($virtual.ReceivedCommands[0])" | Should -BeExactly $Expected
        "$($response.Command)" | Should -Not -Match '31 32|12 34'
    }

    It 'builds CHANGE REFERENCE DATA and RESET RETRY COUNTER with the P1 the PINs given call for' {
        $change = New-PcscApdu -ChangeReferenceData -Reference 0x80 -Pin $pin -NewPin $newPin
        $changeNewOnly = New-PcscApdu -ChangeReferenceData -Reference 0x80 -NewPin $newPin
        $reset = New-PcscApdu -ResetRetryCounter -Reference 0x80 -Pin $pin -NewPin $newPin
        $resetNewOnly = New-PcscApdu -ResetRetryCounter -Reference 0x80 -NewPin $newPin
        "$change", "$changeNewOnly", "$reset", "$resetNewOnly" | Should -Be @(
            '00 24 00 80 0C ** ** ** ** ** ** ** ** ** ** ** **'
            '00 24 01 80 06 ** ** ** ** ** **'
            '00 2C 00 80 0C ** ** ** ** ** ** ** ** ** ** ** **'
            '00 2C 02 80 06 ** ** ** ** ** **')
    }

    It 'shows the PIN on no output path: view, list, ToString, Data, verbose, errors, history, transcript' {
        $sim.RemoveCard($reader)
        $virtual = [PcscTools.Simulator.VirtualCard.VirtualCard]::new().Respond('00 20 *', '63 C2')
        $sim.InsertCard($reader, $virtual) | Out-Null
        $transcript = Join-Path $TestDrive 'pin.transcript.json'
        $command = New-PcscApdu -Verify -Reference 0x81 -Pin $pin
        $card = Connect-PcscCard $reader
        try {
            $out = Invoke-Apdu -Session $card -Command $command -ExpectStatus 9000 -TranscriptPath $transcript -Verbose -ErrorVariable failures -ErrorAction SilentlyContinue 4>&1
            $history = $card.History
        }
        finally { Disconnect-PcscCard $card }
        "$($virtual.ReceivedCommands[0])" | Should -BeExactly "00 20 00 81 06 $ascii"
        $everything = @(
            $command | Out-String
            $command | Format-List * | Out-String
            "$command"
            $command.Data
            $command.Bytes
            $out | Out-String
            $failures | Out-String
            $failures | ForEach-Object { $_.Exception.Message; $_.TargetObject; $_.InvocationInfo.BoundParameters.Values }
            $history | Out-String
            Get-Content $transcript -Raw
        ) -join "`n"
        $everything | Should -Not -Match $ascii
        $everything | Should -Match '\*\* \*\*'
        $failures.Count | Should -Be 1
    }

    It 'refuses a PIN that does not fit its format without showing it' {
        $letters = ConvertTo-SecureString -String '12a4' -AsPlainText -Force
        { New-PcscApdu -Verify -Reference 0x80 -Pin $letters -PinFormat Bcd } | Should -Throw -ErrorId 'InvalidPin,PcscTools.Module.Commands.NewPcscApduCommand'
        { New-PcscApdu -Verify -Reference 0x80 -Pin $pin -PadTo 4 } | Should -Throw '*more than the 4*'
        try { New-PcscApdu -Verify -Reference 0x80 -Pin $letters -PinFormat Iso9564Format2 } catch { "$_" | Should -Not -Match '12a4' }
        { New-PcscApdu -ResetRetryCounter -Reference 0x80 } | Should -Throw -ErrorId 'InvalidPin,PcscTools.Module.Commands.NewPcscApduCommand'
    }
}
