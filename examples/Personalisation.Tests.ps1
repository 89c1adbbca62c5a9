<#
.SYNOPSIS
    A small card personalisation suite: select the application, write its 256-byte file EF 0101 and read it back,
    check every status word with Should -HaveStatusWord; then GlobalPlatform personalisation inside an SCP03 secure
    channel (C-MAC + C-DECRYPTION + R-MAC): install an instance, STORE DATA its DGIs (one over 255 bytes), read them
    back, check the registry with Get-PcscGpStatus; and what the channel refuses: a wrong key (no EXTERNAL AUTHENTICATE
    reaches the card) and a tampered response. It runs on the virtual card of Start-PcscSimulator, so it needs no
    hardware; point the session at a real reader (and drop the simulator) to run it against a card, with its keys.
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

# GlobalPlatform personalisation, as a real card takes it: only inside a secure channel. Open-PcscSecureChannel selects
# the issuer security domain and authenticates (SCP03 here); every command after it goes wrapped (C-MAC, C-DECRYPTION)
# and every answer is checked (R-MAC). The cmdlets take the channel as -Session and send no SELECT of their own (a SELECT
# would end the channel). The virtual card answers these commands 6982 outside a channel, as real cards do.
Describe 'GlobalPlatform personalisation of an instance inside a secure channel' {
    BeforeAll {
        $script:instance = 'F05043534300010177'
        $script:dgis = [ordered]@{
            '0101' = ConvertTo-PcscTlv ([ordered]@{ '5A' = '12 34 56 78'; '5F24' = '29 12 31' })
            '0202' = [byte[]](1..250 + 1..50)     # over 255 bytes: STORE DATA blocks split it
            '8010' = '01 02 03 04'
        }
        # The virtual card, to read back what it stored; none on a real card.
        $script:virtual = (Get-PcscSimulator).CardIn($session.Reader)
        # No -Key: the GlobalPlatform test key 40..4F, which the virtual card holds (with a warning that says so). For a real
        # card give its keys as SecureStrings, never typed: -Key (Get-Secret IssuerKeys) or -Key (Read-Host -AsSecureString).
        $script:sd = Open-PcscSecureChannel -Session $session -SecurityLevel CMac, CDecryption, RMac -WarningAction SilentlyContinue
        $script:opened = @($virtual.ReceivedCommands).Count
    }

    It 'opens SCP03 at C-MAC + C-DECRYPTION + R-MAC' {
        $sd.Protocol | Should -Be 'Scp03'
        $sd.SecurityLevel | Should -Be 'CMac, CDecryption, RMac'
        $sd.IsOpen | Should -BeTrue
    }

    It 'installs the instance from the test package' {
        $entry = Install-PcscGpApplication -Session $sd -LoadFile F0504353430001 -Module F050435343000101 -Aid $instance -PassThru
        $entry.LifeCycle | Should -Be 'SELECTABLE'
    }

    It 'stores its DGIs, one of them over 255 bytes, in numbered STORE DATA blocks' {
        Write-PcscGpData -Session $sd -Application $instance -Dgi $dgis -PassThru | Should -HaveStatusWord 9000
    }

    It 'holds what was stored, DGI by DGI (the virtual card keeps it for tests to read back)' {
        if (-not $virtual) { Set-ItResult -Skipped -Because 'a real card does not show what it stored' }
        $records = $virtual.GlobalPlatform.StoredRecords($instance)
        $records.Dgi | Should -Be @(0x0101, 0x0202, 0x8010)
        "$($records[0].Value)" | Should -Be "$(ConvertTo-PcscTlv ([ordered]@{ '5A' = '12 34 56 78'; '5F24' = '29 12 31' }))"
        $records[1].Value.ToArray() | Should -Be $dgis['0202']
        $records[1].Length | Should -Be 300
        "$($records[2].Value)" | Should -Be '01 02 03 04'
    }

    It 'lists it in the registry, from its package' {
        $entry = Get-PcscGpStatus -Session $sd -Scope Applications | Where-Object { $_.Aid.Hex -eq $instance }
        $entry.LoadFile.Hex | Should -Be 'F0504353430001'
        $entry.LifeCycle | Should -Be 'SELECTABLE'
    }

    It 'deletes it again' {
        Remove-PcscGpContent -Session $sd -Aid $instance -Confirm:$false
        Get-PcscGpStatus -Session $sd -Scope Applications | Where-Object { $_.Aid.Hex -eq $instance } | Should -BeNullOrEmpty
    }

    It 'sent every command inside the channel: wrapped (CLA 84), no SELECT' {
        if (-not $virtual) { Set-ItResult -Skipped -Because 'a real card does not show what it received' }
        $sd.IsOpen | Should -BeTrue
        $virtual.ReceivedCommands | Select-Object -Skip $opened | ForEach-Object { '{0:X2}' -f $_[0] } | Sort-Object -Unique | Should -Be '84'
    }
}

Describe 'What the secure channel refuses' {
    BeforeAll {
        $script:virtual = (Get-PcscSimulator).CardIn($session.Reader)
    }

    It 'a wrong key: the card cryptogram does not verify, and no EXTERNAL AUTHENTICATE reaches the card' {
        # Failed EXTERNAL AUTHENTICATEs count toward locking a real card for good: the channel stops before sending one.
        $before = @($virtual.ReceivedCommands).Count
        { Open-PcscSecureChannel -Session $session -Key ('42' * 16) -ErrorAction Stop } | Should -Throw -ErrorId 'CardCryptogramMismatch,*'
        if (-not $virtual) { return }
        $sent = @($virtual.ReceivedCommands | Select-Object -Skip $before)
        @($sent | Where-Object { $_[1] -eq 0x82 }) | Should -HaveCount 0
        "$($sent[-1])" | Should -BeLike '80 50 *'
        $virtual.IsSecureChannelAuthenticated | Should -BeFalse
    }

    It 'a tampered response: its R-MAC does not verify, none of its data is written, and the channel is closed' {
        if (-not $virtual) { Set-ItResult -Skipped -Because 'only the virtual card can be made to tamper with its answer' }
        $sd = Open-PcscSecureChannel -Session $session -SecurityLevel CMac, CDecryption, RMac -WarningAction SilentlyContinue
        # The card's next GET STATUS answer is replaced: a registry entry and a MAC that is not its R-MAC.
        $virtual.Replay('84 F2 *', 'E3 0F 4F 09 F0 50 43 53 43 00 01 01 01 9F 70 01 07 01 02 03 04 05 06 07 08 90 00') | Out-Null
        $out = $null
        $failure = $null
        try { $out = Get-PcscGpStatus -Session $sd -Scope Applications } catch { $failure = $_ }
        $out | Should -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'ResponseRejected,*'
        $sd.IsOpen | Should -BeFalse
    }
}
