BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    $script:sim = Start-PcscSimulator -NoCard
    $script:reader = $sim.ReaderNames[0]
    # A key no other test uses, so finding its hex anywhere is a leak.
    $script:keyHex = '5A17C0DE9B3E4F61A2D8E07C13B5F94E'
    $script:fci = '6F 10 84 08 A0 00 00 01 51 00 00 00 A5 04 9F 65 01 FF 90 00'

    # A card whose issuer security domain holds $keyHex (or the test key), with SELECT and GET DATA scripted.
    function Use-Card([switch] $TestKey, [string] $Protocol = 'Scp03') {
        $sim.RemoveCard($reader)
        $options = @{ SecureChannel = $Protocol; Response = @{ '00 A4 04 00 00' = $fci; '80 CA 00 66 00' = '66 0A 73 08 06 06 2A 86 48 86 FC 6B 90 00' } }
        if (-not $TestKey) { $options.Key = $keyHex }
        $card = New-PcscVirtualCard @options
        $sim.InsertCard($reader, $card) | Out-Null
        $card
    }

    function Test-Leak([string] $Text) { $Text -replace '[\s:-]', '' -match $keyHex }
}

AfterAll {
    Stop-PcscSimulator
}

Describe 'Open-PcscSecureChannel on the virtual card' {
    AfterEach { Get-Variable session -Scope Script -ErrorAction Ignore | ForEach-Object { Disconnect-PcscCard $_.Value } }

    It 'opens SCP03 at C-MAC + C-DECRYPTION + R-MAC from the pipeline, and GET DATA goes through it' {
        $card = Use-Card
        $script:session = Connect-PcscCard $reader
        $sd = $session | Open-PcscSecureChannel -Key $keyHex -SecurityLevel CMac, CDecryption, RMac
        $sd.Protocol | Should -Be 'Scp03'
        $sd.SecurityLevel | Should -Be 'CMac, CDecryption, RMac'
        $card.IsSecureChannelAuthenticated | Should -BeTrue
        $response = Invoke-Apdu -Session $sd -Command '80 CA 00 66 00' -ExpectStatus 9000
        "$($response.Data)" | Should -Be '66 0A 73 08 06 06 2A 86 48 86 FC 6B'
        "$($response.Command)" | Should -Be '80 CA 00 66 00'
        "$($response.Exchanges[0].Command)" | Should -BeLike '84 CA 00 66 08 *'
        "$($card.ReceivedCommands[-1])" | Should -BeLike '84 CA 00 66 08 *'
        # A channel piped in stands for its session: the new channel replaces it.
        $again = $sd | Open-PcscSecureChannel -Key $keyHex -SecurityLevel CMac, RMac
        $again.SecurityLevel | Should -Be 'CMac, RMac'
        $again.Session | Should -Be $session
        $sd.IsOpen | Should -BeFalse
    }

    It 'runs a script inside the channel with Invoke-PcscScript -Session' {
        Use-Card | Out-Null
        $script:session = Connect-PcscCard $reader
        $sd = Open-PcscSecureChannel -Session $session -Key $keyHex -SecurityLevel CMac, RMac
        $path = Join-Path $TestDrive 'getdata.txt'
        Set-Content $path "80 CA 00 66 00`n< 66 0A 73 08 06 06 2A 86 48 86 FC 6B 90 00"
        $out = Invoke-PcscScript -Path $path -Session $sd -ErrorAction Stop
        $out.StatusWord | Should -Be '9000'
    }

    It 'takes keys as SecureStrings in a table, and uses the test key with a warning when none is given' {
        Use-Card | Out-Null
        $script:session = Connect-PcscCard $reader
        $secure = ConvertTo-SecureString $keyHex -AsPlainText -Force
        $sd = Open-PcscSecureChannel -Session $session -Key @{ Enc = $secure; Mac = $secure; Dek = $secure } -SecurityLevel CMac, CDecryption, RMac, REncryption
        $sd.IsOpen | Should -BeTrue
        Use-Card -TestKey | Out-Null
        Disconnect-PcscCard $session
        $script:session = Connect-PcscCard $reader
        $null = Open-PcscSecureChannel -Session $session -WarningVariable warned -WarningAction SilentlyContinue
        "$warned" | Should -BeLike '*test key*'
    }

    It 'opens SCP02 on a card set up for it' {
        Use-Card -Protocol Scp02 | Out-Null
        $script:session = Connect-PcscCard $reader
        $sd = Open-PcscSecureChannel -Session $session -Key $keyHex -SecurityLevel CMac, CDecryption, RMac
        $sd.Protocol | Should -Be 'Scp02'
        (Invoke-Apdu -Session $sd -Command '80 CA 00 66 00').StatusWord | Should -Be '9000'
    }

    It 'stops a wrong key before EXTERNAL AUTHENTICATE reaches the card' {
        $card = Use-Card
        $script:session = Connect-PcscCard $reader
        { Open-PcscSecureChannel -Session $session -Key ('42' * 16) -ErrorAction Stop } | Should -Throw -ErrorId 'CardCryptogramMismatch,PcscTools.Module.Commands.OpenPcscSecureChannelCommand'
        @($card.ReceivedCommands | Where-Object { $_[1] -eq 0x82 }) | Should -HaveCount 0
        "$($card.ReceivedCommands[-1])" | Should -BeLike '80 50 *'
    }

    It 'rejects a tampered response, writes none of its data, and closes the channel' {
        $card = Use-Card
        $card.Replay('84 CA 00 66 *', '66 0A 73 08 06 06 2A 86 48 86 FC 6B 01 02 03 04 05 06 07 08 90 00') | Out-Null
        $script:session = Connect-PcscCard $reader
        $sd = Open-PcscSecureChannel -Session $session -Key $keyHex -SecurityLevel CMac, RMac
        $out = Invoke-Apdu -Session $sd -Command '80 CA 00 66 00' -ErrorAction SilentlyContinue -ErrorVariable failed
        $out | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ResponseRejected,*'
        $sd.IsOpen | Should -BeFalse
        { Invoke-Apdu -Session $sd -Command '80 CA 00 66 00' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,PcscTools.Module.Commands.InvokeApduCommand'
    }

    It 'ends the channel when the card session is disconnected' {
        Use-Card | Out-Null
        $session = Connect-PcscCard $reader
        $sd = Open-PcscSecureChannel -Session $session -Key $keyHex
        Disconnect-PcscCard $session
        $sd.IsOpen | Should -BeFalse
    }
}

Describe 'Open-PcscSecureChannel refuses bad input before sending anything' {
    BeforeAll {
        $script:card = Use-Card
        $script:session = Connect-PcscCard $reader
    }
    AfterAll { Disconnect-PcscCard $session }

    It 'refuses <Case>' -ForEach @(
        @{ Case = 'a key of the wrong length'; Arguments = @{ Key = '00' * 15 } }
        @{ Case = 'an SCP02 key of AES-256 length'; Arguments = @{ Key = '00' * 32; Protocol = 'Scp02' } }
        @{ Case = 'a host challenge of the wrong length'; Arguments = @{ Key = '40' * 16; HostChallenge = '01 02 03' } }
        @{ Case = 'R-ENCRYPTION without R-MAC'; Arguments = @{ Key = '40' * 16; SecurityLevel = 'CMac, CDecryption, REncryption' } }
        @{ Case = 'a key that is not hex'; Arguments = @{ Key = 'not a key at all' } }
        @{ Case = 'keys of different lengths'; Arguments = @{ Key = @{ Enc = '40' * 16; Mac = '40' * 24; Dek = '40' * 16 } } }
    ) {
        $before = $card.ReceivedCommands.Count
        { Open-PcscSecureChannel -Session $session @Arguments -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidSecureChannelOption,PcscTools.Module.Commands.OpenPcscSecureChannelCommand'
        $card.ReceivedCommands.Count | Should -Be $before
    }

    It 'names no character of a key that is not hex, given as <Case>' -ForEach @(
        @{ Case = 'text'; Key = '404142434445464748494A4B4C4D4E4Q' }
        @{ Case = 'a SecureString'; Key = (ConvertTo-SecureString '404142434445464748494A4B4C4D4E4Q' -AsPlainText -Force) }
    ) {
        $failure = { Open-PcscSecureChannel -Session $session -Key $Key -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidSecureChannelOption,PcscTools.Module.Commands.OpenPcscSecureChannelCommand' -PassThru
        $failure.Exception.Message | Should -BeLike '*not hex text*'
        $failure.Exception.Message | Should -Not -BeLikeExactly "*'Q'*"
        $failure.Exception.Message | Should -Not -BeLike '*4041*'
    }

    It 'refuses an unknown security level' {
        { Open-PcscSecureChannel -Session $session -SecurityLevel CMac, Everything -ErrorAction Stop } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,PcscTools.Module.Commands.OpenPcscSecureChannelCommand'
    }
}

Describe 'Keys stay out of every output path' {
    BeforeAll {
        $script:card = Use-Card
        $script:session = Connect-PcscCard $reader
    }
    AfterAll { Disconnect-PcscCard $session }

    It 'shows no key in the channel, its views, verbose output, warnings or a transcript' {
        $transcript = Join-Path $TestDrive 'channel.json'
        $sd = Open-PcscSecureChannel -Session $session -Key $keyHex -SecurityLevel CMac, CDecryption, RMac -Verbose 4>&1 3>&1 5>&1 -Debug
        $channel = $sd | Where-Object { $_ -is [PcscTools.SecureChannel.SecureChannel] }
        $streams = $sd | Where-Object { $_ -isnot [PcscTools.SecureChannel.SecureChannel] } | Out-String
        $streams | Should -BeLike '*80 50 00 00 08*'
        Test-Leak $streams | Should -BeFalse
        Test-Leak ($channel | Format-List * | Out-String) | Should -BeFalse
        Test-Leak ($channel | Format-Table | Out-String) | Should -BeFalse
        Test-Leak "$channel" | Should -BeFalse
        Invoke-Apdu -Session $channel -Command '80 CA 00 66 00' -TranscriptPath $transcript -Verbose 4>&1 | Out-String | Test-Leak | Should -BeFalse
        Test-Leak (Get-Content $transcript -Raw) | Should -BeFalse
    }

    It 'shows no key in $Error, its invocation, or the error record exported' {
        $Error.Clear()
        try { Open-PcscSecureChannel -Session $session -Key ($keyHex.Substring(2) + 'F') } catch { }
        try { Open-PcscSecureChannel -Session $session -Key ($keyHex + '00') } catch { }
        $Error.Count | Should -BeGreaterOrEqual 2
        foreach ($record in $Error) {
            Test-Leak ($record | Out-String) | Should -BeFalse
            Test-Leak (($record.InvocationInfo.BoundParameters.Values | ForEach-Object { "$_" }) -join ' ') | Should -BeFalse
            Test-Leak ($record | Format-List * -Force | Out-String -Width 4096) | Should -BeFalse
            $file = Join-Path $TestDrive 'error.xml'
            $record | Export-Clixml $file -Depth 5
            Test-Leak (Get-Content $file -Raw) | Should -BeFalse
        }
        $Error[0].Exception.Message | Should -BeLike '*17 bytes*'
        # A key of the right length that does not verify: the error is written while the call runs, and serialized there
        # (as a logging handler or Export-Clixml in the pipeline would).
        $written = Open-PcscSecureChannel -Session $session -Key @{ Enc = $keyHex; Mac = '00' * 16; Dek = $keyHex } -ErrorAction Continue 2>&1 |
            ForEach-Object { $_.FullyQualifiedErrorId; [Management.Automation.PSSerializer]::Serialize($_, 4) }
        $written[0] | Should -BeLike 'CardCryptogramMismatch,*'
        Test-Leak ($written -join '') | Should -BeFalse
    }

    It 'leaves only the variable name in the history when the key is a SecureString' {
        $ps = [powershell]::Create()
        try {
            $ps.AddScript("Import-Module '$($env:PCSCTOOLS_MODULE_PATH)'; `$key = ConvertTo-SecureString '$keyHex' -AsPlainText -Force") | Out-Null
            $ps.Invoke() | Out-Null
            $ps.Commands.Clear()
            $settings = [System.Management.Automation.PSInvocationSettings]::new()
            $settings.AddToHistory = $true
            $ps.AddScript("`$sd = Open-PcscSecureChannel -Session `$args[0] -Key `$key").AddArgument($session) | Out-Null
            $ps.Invoke($null, $settings) | Out-Null
            $ps.Commands.Clear()
            $history = $ps.AddCommand('Get-History').Invoke() | Out-String
            $history | Should -BeLike '*-Key $key*'
            Test-Leak $history | Should -BeFalse
        }
        finally {
            $ps.Dispose()
        }
    }
}
