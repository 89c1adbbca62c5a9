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
