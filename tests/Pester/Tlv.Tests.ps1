BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
}

Describe 'ConvertFrom-PcscTlv' {
    It 'reads hex into a named tree and prints it indented' {
        $fci = '6F 10 84 08 A0 00 00 01 51 00 00 00 A5 04 9F 65 01 FF' | ConvertFrom-PcscTlv
        $fci | Should -BeOfType PcscTools.Tlv.TlvObject
        $fci.Name | Should -Be 'File control information (FCI)'
        $fci.Children | ForEach-Object { "$($_.Tag)" } | Should -Be @('84', 'A5')
        "$($fci.Find(0x84).Value)" | Should -Be 'A0 00 00 01 51 00 00 00'
        $text = ($fci | Out-String).Trim() -split "`r?`n"
        $text[0] | Should -BeExactly '6F 10 -- File control information (FCI)'
        $text[1] | Should -BeExactly '   84 08 -- DF name'
        $text[2] | Should -BeExactly '      A0 00 00 01 51 00 00 00'
    }

    It 'takes bytes, a byte array piped byte by byte, and responses' {
        $bytes = [byte[]](0x4F, 0x02, 0xAA, 0xBB)
        (ConvertFrom-PcscTlv -InputObject $bytes).Value.Hex | Should -Be 'AABB'
        ($bytes | ConvertFrom-PcscTlv).Value.Hex | Should -Be 'AABB'
        $response = [PcscTools.Apdu.ResponseApdu]::new('r', [PcscTools.Apdu.CommandApdu]::Parse('00 CA 00 4F 00'), [PcscTools.Bytes.HexBytes]::new('4F 01 CC'), 0x90, 0, [TimeSpan]::Zero, [PcscTools.Apdu.ApduExchange[]]@())
        ($response | ConvertFrom-PcscTlv).Value.Hex | Should -Be 'CC'
        $response.Tlv[0].Value.Hex | Should -Be 'CC'
    }

    It 'keeps what parses of broken TLV and warns where the rest stops' {
        $objects = '4F 01 AA 50 05 41 42' | ConvertFrom-PcscTlv -WarningVariable problems -WarningAction SilentlyContinue
        @($objects).Count | Should -Be 1
        "$problems" | Should -Match 'At offset 3: tag 50 announces 5 value byte\(s\) but only 2 follow'
    }

    It 'reads DGI records' {
        $records = '01 01 03 01 02 03 82 01 02 AA BB' | ConvertFrom-PcscTlv -Dgi
        $records.Dgi | Should -Be @(0x0101, 0x8201)
        ($records | Out-String) | Should -Match '8201\s+2 AA BB'
    }

    It 'refuses input that is not bytes with InvalidTlvInput' {
        { 'zz' | ConvertFrom-PcscTlv -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidTlvInput,PcscTools.Module.Commands.ConvertFromPcscTlvCommand'
    }
}

Describe 'ConvertTo-PcscTlv' {
    It 'encodes ordered tables, nested tables for constructed tags and lists for repeated tags' {
        "$(ConvertTo-PcscTlv ([ordered]@{ 'E3' = [ordered]@{ '4F' = 'A0 00 00 01 51'; '9F70' = '07' } }))" | Should -Be 'E3 0B 4F 05 A0 00 00 01 51 9F 70 01 07'
        "$(ConvertTo-PcscTlv ([ordered]@{ 'E0' = [ordered]@{ 'C0' = @('01 30 88 10', '02 30 88 10') } }))" | Should -Be 'E0 0C C0 04 01 30 88 10 C0 04 02 30 88 10'
        "$(ConvertTo-PcscTlv @{ '50' = '41'; '4F' = 'AA' })" | Should -Be '4F 01 AA 50 01 41'
    }

    It 'round-trips with ConvertFrom-PcscTlv' {
        $hex = '6F 10 84 08 A0 00 00 01 51 00 00 00 A5 04 9F 65 01 FF'
        "$($hex | ConvertFrom-PcscTlv | ConvertTo-PcscTlv)" | Should -Be $hex
    }

    It 'writes DGI records, long ones with FF and two length bytes' {
        $out = ConvertTo-PcscTlv -Dgi ([ordered]@{ '0101' = '01 02 03'; '0202' = [ordered]@{ '5A' = '12 34' }; '8201' = [byte[]]::new(300) })
        "$out".Substring(0, 41) | Should -Be '01 01 03 01 02 03 02 02 04 5A 02 12 34 82'
        $out.Length | Should -Be (6 + 7 + 5 + 300)
    }

    It 'says which key is wrong with InvalidTlvDefinition' {
        { ConvertTo-PcscTlv @{ '1F' = '00' } -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidTlvDefinition,PcscTools.Module.Commands.ConvertToPcscTlvCommand'
        { ConvertTo-PcscTlv @{ '4F' = @{ '50' = '41' } } -ErrorAction Stop } | Should -Throw '*4F is primitive*'
        { ConvertTo-PcscTlv -Dgi @{ '01' = '00' } -ErrorAction Stop } | Should -Throw "*'01' is not a DGI*"
    }
}
