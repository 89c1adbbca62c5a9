BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    $script:sim = Start-PcscSimulator -NoCard
    $script:reader = $sim.ReaderNames[0]
    $script:package = 'F0504353430001'
    $script:module = 'F050435343000101'
    $script:app = 'F05043534300010101'

    # A fresh default card in the first reader and a session to it. Its content commands are answered in plain
    # (PlainContentCommands): these tests are about the commands on the wire and the answers; the ones inside a secure
    # channel, as real cards want them, are at the end (-Channel: a card that wants one).
    function Use-Card([scriptblock] $Setup, [switch] $Channel) {
        $sim.RemoveCard($reader)
        $script:virtual = [PcscTools.Simulator.VirtualCard.VirtualCard]::new()
        $virtual.GlobalPlatform.PlainContentCommands = -not $Channel
        if ($Setup) { & $Setup $virtual }
        $sim.InsertCard($reader, $virtual) | Out-Null
        $script:card = Connect-PcscCard $reader
    }
    function Get-Received { $virtual.ReceivedCommands | ForEach-Object { "$_" } }
}

AfterAll {
    Stop-PcscSimulator
}

Describe 'Get-PcscGpStatus' {
    BeforeEach { Use-Card }
    AfterEach { Disconnect-PcscCard $card }

    It 'selects the issuer security domain and lists it, the applications and the load files with modules' {
        $entries = Get-PcscGpStatus -Session $card
        $entries | Should -BeOfType PcscTools.GlobalPlatform.GpRegistryEntry
        $entries.Kind | Should -Be @('IssuerSecurityDomain', 'Application', 'LoadFile', 'LoadFile', 'LoadFile')
        $entries[0].LifeCycle | Should -Be 'SECURED'
        $entries[1].LifeCycle | Should -Be 'SELECTABLE'
        ($entries | Where-Object { $_.Aid.Hex -eq $package }).Modules.Hex | Should -Be $module
        Get-Received | Should -Be @('00 A4 04 00 08 A0 00 00 01 51 00 00 00 00', '80 F2 80 02 02 4F 00 00', '80 F2 40 02 02 4F 00 00', '80 F2 10 02 02 4F 00 00')
    }

    It 'prints a table like gp --list' {
        $text = Get-PcscGpStatus -Session $card | Out-String -Width 200
        $text | Should -Match 'IssuerSecurityDomain\s+A000000151000000\s+SECURED'
        $text | Should -Match "LoadFile\s+$package\s+LOADED\s+1\.0\s+Modules: $module"
    }

    It 'takes the session from the pipeline, follows 63 10 and falls back to the legacy format' {
        $virtual.GlobalPlatform.StatusEntriesPerAnswer = 1
        $virtual.GlobalPlatform.TagBasedStatus = $false
        $entries = $card | Get-PcscGpStatus -Scope LoadFiles -Verbose 4>&1
        ($entries | Where-Object { $_ -is [PcscTools.GlobalPlatform.GpRegistryEntry] }).Count | Should -Be 3
        "$($entries | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })" | Should -Match 'legacy'
        Get-Received | Select-Object -Skip 1 | Should -Be @('80 F2 20 02 02 4F 00 00', '80 F2 20 00 02 4F 00 00', '80 F2 20 01 02 4F 00 00', '80 F2 20 01 02 4F 00 00')
    }

    It 'reports a refused GET STATUS as UnexpectedStatusWord and sends nothing more for that scope' {
        # As real cards, the card now wants a secure channel for GET STATUS: 6982 in plain.
        $virtual.GlobalPlatform.PlainContentCommands = $false
        { Get-PcscGpStatus -Session $card -Scope Applications -ErrorAction Stop } | Should -Throw -ErrorId 'UnexpectedStatusWord,PcscTools.Module.Commands.GetPcscGpStatusCommand'
        Get-Received | Select-Object -Skip 1 | Should -Be @('80 F2 40 02 02 4F 00 00')
    }

    It 'refuses a bad security domain AID before sending anything' {
        { Get-PcscGpStatus -Session $card -SecurityDomain 'A000' } | Should -Throw -ErrorId 'InvalidAid,PcscTools.Module.Commands.GetPcscGpStatusCommand'
        Get-Received | Should -BeNullOrEmpty
    }

    It 'sends no SELECT with -NoSelect' {
        Invoke-Apdu -Session $card -Command '00 A4 04 00 00' | Out-Null
        Get-PcscGpStatus -Session $card -Scope IssuerSecurityDomain -NoSelect | Should -Not -BeNullOrEmpty
        Get-Received | Should -Be @('00 A4 04 00 00', '80 F2 80 02 02 4F 00 00')
    }
}

Describe 'Get-PcscGpCardData' {
    BeforeEach { Use-Card }
    AfterEach { Disconnect-PcscCard $card }

    It 'decodes CPLC, card recognition data and key information' {
        $data = Get-PcscGpCardData -Session $card
        $data.GlobalPlatformVersion | Should -Be '2.3.1'
        $data.SecureChannelProtocols | Should -Be 'SCP03 i=70'
        $data.Cplc.IcFabricator | Should -Be '4790'
        $data.Cplc.IcFabricatorName | Should -Be 'NXP'
        $data.Cplc.IcFabricationDate.Raw | Should -Be '5123'
        $data.Keys.Type | Should -Be @('AES', 'AES', 'AES')
        ($data | Out-String) | Should -Match 'IcFabricator\s+: 4790 NXP'
        Get-Received | Select-Object -Skip 1 | Should -Be @('80 CA 9F 7F 00', '80 CA 00 66 00', '80 CA 00 E0 00')
    }

    It 'leaves out what the card does not give, and says so in -Verbose' {
        $sim.RemoveCard($reader)
        $virtual = [PcscTools.Simulator.VirtualCard.VirtualCard]::new().Respond('80 CA 9F 7F 00', '6A 88')
        $sim.InsertCard($reader, $virtual) | Out-Null
        $session = Connect-PcscCard $reader
        try {
            $out = Get-PcscGpCardData -Session $session -Verbose 4>&1
            ($out | Where-Object { $_ -is [PcscTools.GlobalPlatform.GpCardData] }).Cplc | Should -BeNullOrEmpty
            "$($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })" | Should -Match 'No CPLC: the card answered 80 CA 9F 7F 00 with 6A88'
        }
        finally { Disconnect-PcscCard $session }
    }
}

Describe 'Install-PcscGpApplication and Remove-PcscGpContent' {
    BeforeEach { Use-Card }
    AfterEach { Disconnect-PcscCard $card }

    It 'installs an instance from a package on the card and writes it with -PassThru' {
        $entry = Install-PcscGpApplication -Session $card -LoadFile $package -Module $module -Aid "${module}02" -Privileges CardReset -PassThru
        $entry.Aid.Hex | Should -Be "${module}02"
        $entry.LifeCycle | Should -Be 'SELECTABLE'
        $entry.Privileges | Should -Be 'CardReset'
        Get-Received | Should -Contain "80 E6 0C 00 21 07 $(($package -split '(..)' -ne '') -join ' ') 08 $(($module -split '(..)' -ne '') -join ' ') 09 $((("${module}02") -split '(..)' -ne '') -join ' ') 01 04 02 C9 00 00 00"
    }

    It 'reports a refusal as UnexpectedStatusWord' {
        { Install-PcscGpApplication -Session $card -LoadFile $package -Module $module -Aid $app -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnexpectedStatusWord,PcscTools.Module.Commands.InstallPcscGpApplicationCommand'
    }

    It 'sends nothing with -WhatIf' {
        Install-PcscGpApplication -Session $card -LoadFile $package -Module $module -Aid "${module}03" -WhatIf
        Remove-PcscGpContent -Session $card -Aid $app -WhatIf
        Get-Received | Should -BeNullOrEmpty
    }

    It 'deletes entries piped from Get-PcscGpStatus, a package only with -Related' {
        { Remove-PcscGpContent -Session $card -Aid $package -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'UnexpectedStatusWord,PcscTools.Module.Commands.RemovePcscGpContentCommand'
        Get-PcscGpStatus -Session $card -Scope LoadFiles | Where-Object { $_.Aid.Hex -eq $package } | Remove-PcscGpContent -Session $card -Related -Confirm:$false
        Get-Received | Select-Object -Last 1 | Should -Be '80 E4 00 80 09 4F 07 F0 50 43 53 43 00 01 00'
        $virtual.GlobalPlatform.GetRegistry().Aid.Hex | Should -Not -Contain $app
    }
}

Describe 'Write-PcscGpData' {
    BeforeEach { Use-Card }
    AfterEach { Disconnect-PcscCard $card }

    It 'personalises an application with DGIs in numbered blocks that the card stores for reading back' {
        $long = [byte[]](0..255 + 0..43)
        $responses = Write-PcscGpData -Session $card -Application $app -Dgi ([ordered]@{ '0101' = '01 02 03'; '0202' = $long }) -PassThru
        $responses.StatusWord | Should -Be @('9000', '9000')
        $blocks = Get-Received | Where-Object { $_ -like '80 E2*' }
        $blocks | ForEach-Object { $_.Substring(0, 11) } | Should -Be @('80 E2 20 00', '80 E2 A0 01')
        Get-Received | Should -Contain "80 E6 20 00 0F 00 00 09 $(($app -split '(..)' -ne '') -join ' ') 00 00 00"
        $stored = $virtual.GlobalPlatform.StoredRecords($app)
        $stored.Dgi | Should -Be @(0x0101, 0x0202)
        $stored[1].Value.ToArray() | Should -Be $long
    }

    It 'sends bytes as given with -Data, -Structure and -BlockSize' {
        Write-PcscGpData -Session $card -Data ([byte[]]::new(25)) -Structure 0x10 -BlockSize 10
        Get-Received | Where-Object { $_ -like '80 E2*' } | ForEach-Object { $_.Substring(0, 14) } | Should -Be @('80 E2 10 00 0A', '80 E2 10 01 0A', '80 E2 90 02 05')
    }

    It 'refuses data that needs more than 256 blocks before sending anything' {
        { Write-PcscGpData -Session $card -Data ([byte[]]::new(300)) -BlockSize 1 } | Should -Throw -ErrorId 'InvalidTlvDefinition,PcscTools.Module.Commands.WritePcscGpDataCommand'
        Get-Received | Should -BeNullOrEmpty
    }
}

Describe 'Long commands on the wire' {
    BeforeEach { Use-Card }
    AfterEach { Disconnect-PcscCard $card }

    It 'chains data over 255 bytes with -Chain, one response for the whole command' {
        Invoke-Apdu -Session $card -Command '00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53', '00 A4 02 0C 02 01 02' | Out-Null
        $command = New-PcscApdu 0x00 0xD6 0x00 0x00 -Data ([byte[]]::new(300))
        $response = Invoke-Apdu -Session $card -Command $command -Chain
        $response.StatusWord | Should -Be '9000'
        $response.Exchanges.Count | Should -Be 2
        "$($response.Command)".Substring(0, 20) | Should -Be '00 D6 00 00 00 01 2C'
        Get-Received | Select-Object -Skip 2 | ForEach-Object { $_.Substring(0, 14) } | Should -Be @('10 D6 00 00 FF', '00 D6 00 00 2D')
    }
}

Describe 'New-PcscVirtualCard -GlobalPlatform' {
    It 'sets the security domain''s GET STATUS format and paging, and its card data' {
        $virtual = New-PcscVirtualCard -GlobalPlatform @{ TagBasedStatus = $false; StatusEntriesPerAnswer = 1; Cplc = '40 90' + ' 00' * 40; PlainContentCommands = $true }
        $virtual.GlobalPlatform.PlainContentCommands | Should -BeTrue
        $virtual.GlobalPlatform.TagBasedStatus | Should -BeFalse
        $virtual.GlobalPlatform.StatusEntriesPerAnswer | Should -Be 1
        $sim.RemoveCard($reader)
        $sim.InsertCard($reader, $virtual) | Out-Null
        $session = Connect-PcscCard $reader
        try {
            (Get-PcscGpStatus -Session $session -Scope LoadFiles).Count | Should -Be 3
            (Get-PcscGpCardData -Session $session).Cplc.IcFabricatorName | Should -Be 'Infineon'
        }
        finally { Disconnect-PcscCard $session }
        ($virtual.ReceivedCommands | Where-Object { "$_" -like '80 F2 20 01*' }).Count | Should -Be 2
    }

    It 'names an unknown key' {
        { New-PcscVirtualCard -GlobalPlatform @{ Keys = '00' } } | Should -Throw "*unknown GlobalPlatform key 'Keys'*"
    }
}

Describe 'Card content inside a secure channel' {
    BeforeEach {
        Use-Card -Channel
        $script:sd = Open-PcscSecureChannel -Session $card -SecurityLevel CMac, CDecryption, RMac -WarningAction SilentlyContinue
        $script:opened = @(Get-Received).Count
    }
    AfterEach { Disconnect-PcscCard $card }

    It 'is refused in plain, as real cards refuse it (6982), while GET DATA of the card data is not' {
        Disconnect-PcscCard $card
        Use-Card -Channel
        { Get-PcscGpStatus -Session $card -Scope Applications -ErrorAction Stop } | Should -Throw -ErrorId 'UnexpectedStatusWord,PcscTools.Module.Commands.GetPcscGpStatusCommand'
        (Get-PcscGpCardData -Session $card).Cplc | Should -Not -BeNullOrEmpty
    }

    It 'takes the channel as -Session and from the pipeline, and sends no SELECT that would end it' {
        (Get-PcscGpStatus -Session $sd -Scope Applications).Aid.Hex | Should -Be $app
        ($sd | Get-PcscGpStatus -Scope IssuerSecurityDomain).Kind | Should -Be 'IssuerSecurityDomain'
        $after = Get-Received | Select-Object -Skip $opened
        $after | Should -Not -BeNullOrEmpty
        $after | ForEach-Object { $_.Substring(0, 5) } | Should -Be @('84 F2', '84 F2')
        $sd.IsOpen | Should -BeTrue
        $virtual.IsSecureChannelAuthenticated | Should -BeTrue
    }

    It 'refuses -SecurityDomain naming another domain than the channel''s, and sends nothing' {
        { Get-PcscGpStatus -Session $sd -SecurityDomain A000000003000000 -ErrorAction Stop } | Should -Throw -ErrorId 'SecurityDomainOutsideChannel,PcscTools.Module.Commands.GetPcscGpStatusCommand'
        $failed = { $sd | Write-PcscGpData -SecurityDomain 'A0 00 00 00 03 00 00 00' -Data '01' -ErrorAction Stop } |
            Should -Throw -ErrorId 'SecurityDomainOutsideChannel,PcscTools.Module.Commands.WritePcscGpDataCommand' -PassThru
        $failed.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failed.Exception.Message | Should -Match 'open to the security domain A000000151000000'
        Get-Received | Select-Object -Skip $opened | Should -BeNullOrEmpty
        # The channel's own domain, named, is no contradiction.
        (Get-PcscGpStatus -Session $sd -SecurityDomain A000000151000000 -Scope IssuerSecurityDomain).Kind | Should -Be 'IssuerSecurityDomain'
        $sd.IsOpen | Should -BeTrue
    }

    It 'installs, personalises with a DGI over 255 bytes, lists and deletes, every command wrapped' {
        $instance = "${module}02"
        Install-PcscGpApplication -Session $sd -LoadFile $package -Module $module -Aid $instance
        $long = [byte[]](0..255 + 0..43)
        Write-PcscGpData -Session $sd -Application $instance -Dgi ([ordered]@{ '0101' = '01 02 03'; '0202' = $long })
        $stored = $virtual.GlobalPlatform.StoredRecords($instance)
        $stored.Dgi | Should -Be @(0x0101, 0x0202)
        $stored[1].Value.ToArray() | Should -Be $long
        (Get-PcscGpStatus -Session $sd -Scope Applications).Aid.Hex | Should -Contain $instance
        Remove-PcscGpContent -Session $sd -Aid $instance -Confirm:$false
        $virtual.GlobalPlatform.GetRegistry().Aid.Hex | Should -Not -Contain $instance
        Get-Received | Select-Object -Skip $opened | ForEach-Object { $_.Substring(0, 2) } | Sort-Object -Unique | Should -Be '84'
    }

    It 'cuts STORE DATA blocks to what stays a short APDU once wrapped, whatever -BlockSize asks' {
        $out = Write-PcscGpData -Session $sd -Data ([byte[]]::new(300)) -BlockSize 255 -Verbose 4>&1
        "$($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })" | Should -Match 'blocks of 239 byte\(s\), not 255'
        $blocks = @(Get-Received | Select-Object -Skip $opened | Where-Object { $_ -like '84 E2*' })
        $blocks | ForEach-Object { $_.Substring(0, 14) } | Should -Be @('84 E2 00 00 F8', '84 E2 80 01 48')
        $virtual.GlobalPlatform.StoredData('A000000151000000').Length | Should -Be 300
    }
}
