BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    Import-Module "$PSScriptRoot/../Fixtures/Atr/AtrAnalysisReference.psm1" -Force
    $script:yubikey = '3B F8 13 00 00 81 31 FE 15 59 75 62 69 6B 65 79 34 D4'
}

Describe 'ConvertFrom-PcscAtr agrees with ATR_analysis, run live' {
    # The large set is compared in xunit against atr-analysis.json (made by running ATR_analysis at fixture
    # generation time); here ATR_analysis runs now, on well-formed and malformed ATRs alike.
    It 'decodes <_> as ATR_analysis does' -ForEach @(
        '3B F8 13 00 00 81 31 FE 15 59 75 62 69 6B 65 79 34 D4'
        '3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A'
        '3B D6 18 00 81 B1 80 7D 1F 03 80 51 00 61 10 30 8F'
        '3F 65 25 00 2C 09 69 90 00'
        '3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6B'
        '3B 02 14'
        '3B 80 80 01'
        '3B 02 14 50 00 00 00'
    ) {
        $expected = Invoke-AtrAnalysisReference -Atr $_
        $actual = ConvertFrom-PcscAtr -Atr $_ -ListPath /usr/share/pcsc/smartcard_list.txt
        $actual.Protocols | Should -Be $expected.Protocols
        $actual.Fi | Should -Be $expected.Fi
        $actual.Di | Should -Be $expected.Di
        $actual.TckValid | Should -Be $expected.TckValid
        @($actual.Cards.Pattern) | Should -Be @($expected.Cards.Pattern)
        @($actual.Cards | ForEach-Object { $_.Descriptions -join "`n" }) | Should -Be @($expected.Cards | ForEach-Object { $_.Descriptions -join "`n" })
    }
}

Describe 'ConvertFrom-PcscAtr input' {
    It 'takes hex text in any spelling, by position and from the pipeline' {
        (ConvertFrom-PcscAtr $yubikey).Ifsc | Should -Be 254
        ('3bf81300008131fe15597562696b6579 34d4' | ConvertFrom-PcscAtr).Atr.ToString() | Should -BeExactly $yubikey
        ('3B:80:80:01:01', '3B 00' | ConvertFrom-PcscAtr).Count | Should -Be 2
    }

    It 'takes a byte array piped (one byte at a time) or passed, and integers that fit bytes' {
        $bytes = [byte[]](0x3B, 0x80, 0x80, 0x01, 0x01)
        @($bytes | ConvertFrom-PcscAtr).Count | Should -Be 1
        ($bytes | ConvertFrom-PcscAtr).Protocols | Should -Be 'T=0', 'T=1'
        (ConvertFrom-PcscAtr -Atr $bytes).TckValid | Should -BeTrue
        (ConvertFrom-PcscAtr -Atr 0x3B, 0x80, 0x80, 0x01, 0x01).Atr.ToString() | Should -BeExactly '3B 80 80 01 01'
        ([PcscTools.Bytes.HexBytes]$yubikey | ConvertFrom-PcscAtr).Di | Should -Be 4
    }

    It 'takes any object with an Atr property, such as a card event' {
        ([pscustomobject]@{ Reader = 'R'; Atr = [PcscTools.Bytes.HexBytes]$yubikey } | ConvertFrom-PcscAtr).Fi | Should -Be 372
        ([pscustomobject]@{ Atr = '3B 00' } | ConvertFrom-PcscAtr).Protocols | Should -Be 'T=0'
    }

    It 'writes a non-terminating InvalidAtrInput error for text that is not hex, and goes on' {
        $result = 'not an atr', '3B 00' | ConvertFrom-PcscAtr -ErrorVariable problems -ErrorAction SilentlyContinue
        @($result).Count | Should -Be 1
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'InvalidAtrInput,PcscTools.Module.Commands.ConvertFromPcscAtrCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].TargetObject | Should -Be 'not an atr'
        { ConvertFrom-PcscAtr 'xyz' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidAtrInput,PcscTools.Module.Commands.ConvertFromPcscAtrCommand'
        { ConvertFrom-PcscAtr (Get-Date) -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidAtrInput,PcscTools.Module.Commands.ConvertFromPcscAtrCommand'
    }

    It 'decodes malformed ATRs with their problems listed, never an error' {
        $result = ConvertFrom-PcscAtr '3B 9F 95 81' -ErrorVariable problems
        $problems | Should -BeNullOrEmpty
        $result.Problems | Should -Be 'The ATR is truncated: TD(2) is missing.'
        $result.IsWellFormed | Should -BeFalse
        $result.TckValid | Should -BeNullOrEmpty
        (ConvertFrom-PcscAtr '3B 80 80 01 00').TckValid | Should -BeFalse
    }
}

Describe 'ConvertFrom-PcscAtr card identification' {
    BeforeAll {
        $script:list = Join-Path $TestDrive 'my_list.txt'
        Set-Content -LiteralPath $list -Value "# mine`n3B 80 80 01 0[0-9]`n`tMy test card`n`tsecond line`n"
    }

    It 'uses the list given with -ListPath, with regular-expression patterns' {
        $cards = (ConvertFrom-PcscAtr '3B 80 80 01 01' -ListPath $list).Cards
        $cards.Pattern | Should -Be '3B 80 80 01 0[0-9]'
        $cards.Descriptions | Should -Be 'My test card', 'second line'
        (ConvertFrom-PcscAtr '3B 80 80 01 01' -ListPath $list).ListPath | Should -Be $list
    }

    It 'finds the installed pcsc-tools list by default' {
        $result = ConvertFrom-PcscAtr $yubikey
        $result.Cards.Descriptions | Should -Contain 'Yubico Yubikey 4 OTP+CCID'
        $result.ListPath | Should -Not -BeNullOrEmpty
    }

    It 'fails with SmartcardListUnreadable for a -ListPath that does not exist' {
        { ConvertFrom-PcscAtr $yubikey -ListPath (Join-Path $TestDrive 'missing.txt') } |
            Should -Throw -ErrorId 'SmartcardListUnreadable,PcscTools.Module.Commands.ConvertFromPcscAtrCommand'
    }
}

Describe 'ConvertFrom-PcscAtr display' {
    It 'shows the decoded ATR as hex, with protocols, Fi/Di, TCK verdict, cards and problems' {
        $text = ConvertFrom-PcscAtr '3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6B' | Out-String -Width 200
        $text | Should -Match 'Atr\s+: 3B 8F 80 01 80 4F'
        $text | Should -Match 'Protocols\s+: T=0, T=1'
        $text | Should -Match 'Fi/Di\s+: 372/1: 372 cycles/ETU'
        $text | Should -Match 'Tck\s+: 6B \(WRONG\)'
        $text | Should -Match 'MIFARE Classic 1K'
        $text | Should -Match 'Problems\s+: Wrong TCK'
        (ConvertFrom-PcscAtr $yubikey).InterfaceGroups | Format-Table | Out-String -Width 200 | Should -Match '3\s+T=1\s+FE\s+15\s+TA\(3\) = FE: IFSC 254'
    }
}

Describe 'ATR analysis of the cards in readers (real stack)' {
    BeforeAll {
        $script:simulator = Start-PcscSimulator
        $script:first, $script:second = $simulator.ReaderNames
    }
    AfterAll { Stop-PcscSimulator }

    It 'Get-PcscReader | ConvertFrom-PcscAtr decodes the ATR of each reader with a card and skips empty readers' {
        $result = Get-PcscReader | ConvertFrom-PcscAtr -ErrorVariable problems
        $problems | Should -BeNullOrEmpty
        @($result).Count | Should -Be 1
        $result.Atr.ToString() | Should -BeExactly '3B 80 80 01 01'
        $result.Protocols | Should -Be 'T=0', 'T=1'
    }

    It 'decodes the ATR of Watch-PcscCard events and of card sessions' {
        $event = Watch-PcscCard -Reader $first -IncludeCurrent -Count 1 -Timeout 10
        ($event | ConvertFrom-PcscAtr).Atr.ToString() | Should -BeExactly '3B 80 80 01 01'
        $session = Connect-PcscCard -Reader $first
        try { ($session | ConvertFrom-PcscAtr).Protocols | Should -Be 'T=0', 'T=1' }
        finally { Disconnect-PcscCard -Session $session }
    }

    It 'Get-PcscReader -Analyze adds the decoded ATR, null for an empty reader; plain calls do not' {
        $simulator.InsertCard($second, [PcscTools.Simulator.VirtualCard.VirtualCard]::new([PcscTools.Bytes.HexBytes]$yubikey)) | Out-Null
        try {
            $readers = Get-PcscReader -Analyze
            $readers[0].Analysis.Protocols | Should -Be 'T=0', 'T=1'
            $readers[1].Analysis.Ifsc | Should -Be 254
            $readers[1].Analysis.Cards.Descriptions | Should -Contain 'Yubico Yubikey 4 OTP+CCID'
            (Get-PcscReader -Name $first).PSObject.Properties['Analysis'] | Should -BeNullOrEmpty
        }
        finally { $simulator.RemoveCard($second) }
        (Get-PcscReader -Name $second -Analyze).Analysis | Should -BeNullOrEmpty
    }
}
