<#
.SYNOPSIS
    A small card personalisation suite: select the application, write its 256-byte file EF 0101 and read it back,
    check every status word with Should -HaveStatusWord. It runs on the virtual card of Start-PcscSimulator, so it
    needs no hardware; point $reader at a real reader (and drop the simulator) to run it against a card.
.EXAMPLE
    Invoke-Pester ./examples/Personalisation.Tests.ps1 -Output Detailed
#>

BeforeAll {
    # CI imports the module it just built; a user gets the installed one.
    Import-Module $(if ($env:PCSCTOOLS_MODULE_PATH) { $env:PCSCTOOLS_MODULE_PATH } else { 'PcscTools' })
    $simulator = Start-PcscSimulator
    $script:session = Connect-PcscCard -Reader $simulator.ReaderNames[0]

    $script:application = 'F0 50 43 53 43 54 4F 4F 4C 53'
    $script:profile = [byte[]](0..255)

    function Select-Application([string] $Aid) {
        Invoke-Apdu -Session $session -Command (New-PcscApdu 0x00 0xA4 0x04 0x0C -Data $Aid)
    }
    function Select-File([string] $Id) {
        Invoke-Apdu -Session $session -Command (New-PcscApdu 0x00 0xA4 0x02 0x0C -Data $Id)
    }
    # UPDATE BINARY at an offset; a short APDU carries at most 255 bytes, so the profile goes in two halves.
    function Write-Binary([int] $Offset, [byte[]] $Bytes) {
        Invoke-Apdu -Session $session -Command (New-PcscApdu 0x00 0xD6 ($Offset -shr 8) ($Offset -band 0xFF) -Data $Bytes)
    }
    function Read-Binary([int] $Offset, [int] $Length) {
        Invoke-Apdu -Session $session -Command (New-PcscApdu 0x00 0xB0 ($Offset -shr 8) ($Offset -band 0xFF) -Le $Length)
    }
}

AfterAll {
    if ($session) { Disconnect-PcscCard -Session $session }
    Stop-PcscSimulator
}

Describe 'Personalisation of the PcscTools application' {
    It 'selects the application' {
        Select-Application $application | Should -HaveStatusWord 9000
    }

    It 'selects EF 0101' {
        Select-File '01 01' | Should -HaveStatusWord 9000
    }

    It 'writes the 256-byte profile in two UPDATE BINARY commands' {
        @(Write-Binary 0 $profile[0..127]; Write-Binary 128 $profile[128..255]) | Should -HaveStatusWord 9000
    }

    It 'reads the whole profile back' {
        Read-Binary 0 256 | Should -HaveStatusWord 9000 -Data $profile
    }

    It 'reads a part of it back at an offset' {
        Read-Binary 0xF0 4 | Should -HaveResponseData 'F0 F1 F2 F3'
    }

    It 'refuses to write past the end of the file' {
        Write-Binary 0xFF ([byte[]](1, 2)) | Should -HaveStatusWord 6A84
    }

    It 'warns when asked for more bytes than the file holds' {
        Read-Binary 0xFE 4 | Should -HaveStatusWord 6282 -Data 'FE FF'
    }

    It 'has no file 3F99' {
        Select-File '3F 99' | Should -HaveStatusWord 6A82
    }

    It 'has no application A0 00 00 00 01' {
        Select-Application 'A0 00 00 00 01' | Should -HaveStatusWord 6A82
    }
}

# GlobalPlatform personalisation: install an instance from a package on the card, STORE DATA its DGIs, check the registry.
# A real card takes these only inside a secure channel (Open-PcscSecureChannel); the virtual card answers them in plain.
Describe 'GlobalPlatform personalisation of an instance' {
    BeforeAll {
        $script:instance = 'F05043534300010177'
    }

    It 'installs the instance from the test package' {
        $entry = Install-PcscGpApplication -Session $session -LoadFile F0504353430001 -Module F050435343000101 -Aid $instance -PassThru
        $entry.LifeCycle | Should -Be 'SELECTABLE'
    }

    It 'stores its DGIs, one of them over 255 bytes, in numbered STORE DATA blocks' {
        $dgis = [ordered]@{ '0101' = ConvertTo-PcscTlv ([ordered]@{ '5A' = '12 34 56 78'; '5F24' = '29 12 31' }); '0202' = [byte[]](1..250 + 1..50) }
        Write-PcscGpData -Session $session -Application $instance -Dgi $dgis -PassThru | Should -HaveStatusWord 9000
    }

    It 'holds what was stored (the virtual card keeps it for tests to read back)' {
        $virtual = (Get-PcscSimulator).CardIn($session.Reader)
        if (-not $virtual) { Set-ItResult -Skipped -Because 'a real card does not show what it stored' }
        $records = $virtual.GlobalPlatform.StoredRecords($instance)
        $records.Dgi | Should -Be @(0x0101, 0x0202)
        $records[1].Length | Should -Be 300
    }

    It 'lists it in the registry, from its package' {
        $entry = Get-PcscGpStatus -Session $session -Scope Applications | Where-Object { $_.Aid.Hex -eq $instance }
        $entry.LoadFile.Hex | Should -Be 'F0504353430001'
    }

    It 'deletes it again' {
        Remove-PcscGpContent -Session $session -Aid $instance -Confirm:$false
        Get-PcscGpStatus -Session $session -Scope Applications | Where-Object { $_.Aid.Hex -eq $instance } | Should -BeNullOrEmpty
    }
}
