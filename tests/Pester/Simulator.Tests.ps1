# The simulator for users: cards declared as data, inserted and removed from a script, through the real stack.

BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Stop-PcscSimulator
    $script:simulator = Start-PcscSimulator -NoCard
    $script:readers = $simulator.ReaderNames
}

AfterAll { Stop-PcscSimulator }

Describe 'New-PcscVirtualCard' {
    It 'answers scripted commands through pcscd and vpcd, and the rest with the built-ins' {
        $card = New-PcscVirtualCard -Response @{ '80 CA 9F 7F 00' = '9F 7F 02 01 02 90 00' }
        $card | Add-PcscSimulatorCard -Reader $readers[0]
        try {
            "$(Send-TestApdu -Reader $readers[0] -Command '80 CA 9F 7F 00')" | Should -Be '9F 7F 02 01 02 90 00'
            "$(Send-TestApdu -Reader $readers[0] -Command '00 A4 04 00 0A F0 50 43 53 43 54 4F 4F 4C 53 00')" | Should -Match '90 00$'
            $card.ReceivedCommands | ForEach-Object { "$_" } | Should -Contain '80 CA 9F 7F 00'
        }
        finally { Remove-PcscSimulatorCard -Reader $readers[0] }
    }

    It 'keeps the order of an [ordered] table: the first matching pattern wins' {
        $card = New-PcscVirtualCard -Response ([ordered]@{ '80 CA ?? ?? 00' = '6A 88'; '80 CA 9F 7F 00' = '90 00' })
        $card.Responses.Key | Should -Be @('80 CA ?? ?? 00', '80 CA 9F 7F 00')
    }

    It 'puts the more specific pattern first in a plain hashtable' {
        $card = New-PcscVirtualCard -Response @{ '80 CA *' = '6A 88'; '80 CA ?? ?? 00' = '6A 82'; '80 CA 9F 7F 00' = '90 00' }
        $card.Responses.Key | Should -Be @('80 CA 9F 7F 00', '80 CA ?? ?? 00', '80 CA *')
    }

    It 'takes an ATR, files and the T=0 behaviours' {
        $card = New-PcscVirtualCard -Atr '3B 88 80 01 50 43 53 43 54 4F 4F 4C 12' -ChainResponses -StrictLe -ResponseDelay '00:00:00.010' -Files @{
            'A0 00 00 00 01 02 03' = @{ '0101' = '01 02 03 04' }
        }
        "$($card.Atr)" | Should -Be '3B 88 80 01 50 43 53 43 54 4F 4F 4C 12'
        $card.ChainResponses | Should -BeTrue
        $card.StrictLe | Should -BeTrue
        $card.ResponseDelay | Should -Be ([timespan]::FromMilliseconds(10))
        $card.Files.ReadFile('A0000000010203', 0x0101) | Should -Be @(1, 2, 3, 4)
    }

    It 'serves a declared application''s files through the real stack' {
        New-PcscVirtualCard -Files @{ 'A0 00 00 00 01 02 03' = @{ '0101' = '01 02 03 04' } } | Add-PcscSimulatorCard -Reader $readers[1]
        try {
            "$(Send-TestApdu -Reader $readers[1] -Command '00 A4 04 0C 07 A0 00 00 00 01 02 03')" | Should -Be '90 00'
            "$(Send-TestApdu -Reader $readers[1] -Command '00 A4 02 0C 02 01 01')" | Should -Be '90 00'
            "$(Send-TestApdu -Reader $readers[1] -Command '00 B0 00 00 04')" | Should -Be '01 02 03 04 90 00'
        }
        finally { Remove-PcscSimulatorCard -Reader $readers[1] }
    }

    It 'reads a .psd1 definition whose keys are its parameter names, parameters overriding the file' {
        $path = Join-Path $TestDrive 'card.psd1'
        Set-Content $path "@{ Atr = '3B 80 80 01 01'; ChainResponses = `$true; ResponseDelay = 20; Response = @{ '80 CA 00 FE 00' = '01 02 90 00' } }"
        $card = New-PcscVirtualCard -Path $path -Atr '3B 00'
        "$($card.Atr)" | Should -Be '3B 00'
        $card.ChainResponses | Should -BeTrue
        $card.ResponseDelay | Should -Be ([timespan]::FromMilliseconds(20))
        "$($card.Responses[0].Value)" | Should -Be '01 02 90 00'
    }

    It 'rejects <Case> with InvalidCardDefinition, naming the problem' -ForEach @(
        @{ Case = 'an unknown key'; Content = "@{ Colour = 'blue' }"; Message = "*unknown key 'Colour'*" }
        @{ Case = 'bad hex'; Content = "@{ Response = @{ '80 CA' = '9G 00' } }"; Message = "*not hex*'9G 00'*" }
        @{ Case = 'a response without a status word'; Content = "@{ Response = @{ '80 CA' = '90' } }"; Message = '*needs at least a status word*' }
        @{ Case = 'a bad pattern'; Content = "@{ Response = @{ '80 C' = '90 00' } }"; Message = "*'80 C' is not a command pattern*" }
        @{ Case = 'a file that runs commands'; Content = "@{ Atr = (Get-Date) }"; Message = '*data only*' }
        @{ Case = 'a file ID that is not two bytes'; Content = "@{ Files = @{ MF = @{ '01' = '00' } } }"; Message = "*file ID '01'*two bytes*" }
    ) {
        $path = Join-Path $TestDrive 'bad.psd1'
        Set-Content $path $Content
        { New-PcscVirtualCard -Path $path } | Should -Throw -ErrorId 'InvalidCardDefinition,PcscTools.Module.Commands.NewPcscVirtualCardCommand' -ExpectedMessage $Message
    }

    It 'rejects bad hex in a -Response table the same way' {
        { New-PcscVirtualCard -Response @{ '80 CA' = 'zz' } } | Should -Throw -ErrorId 'InvalidCardDefinition,PcscTools.Module.Commands.NewPcscVirtualCardCommand'
    }

    It 'says CardDefinitionNotFound for a missing file' {
        { New-PcscVirtualCard -Path (Join-Path $TestDrive 'missing.psd1') } | Should -Throw -ErrorId 'CardDefinitionNotFound,PcscTools.Module.Commands.NewPcscVirtualCardCommand'
    }
}

Describe 'Add-PcscSimulatorCard and Remove-PcscSimulatorCard' {
    AfterEach { Remove-PcscSimulatorCard }

    It 'inserts the default card into the first empty reader and returns once pcscd sees it' {
        Add-PcscSimulatorCard
        (Get-PcscReader -Name $readers[0]).CardPresent | Should -BeTrue
        "$((Get-PcscReader -Name $readers[0]).Atr)" | Should -Be '3B 80 80 01 01'
        Add-PcscSimulatorCard
        (Get-PcscReader -Name $readers[1]).CardPresent | Should -BeTrue
    }

    It 'fills empty readers one after another from the pipeline, and -PassThru returns the cards' {
        $cards = 1..2 | ForEach-Object { New-PcscVirtualCard } | Add-PcscSimulatorCard -PassThru
        $cards.Count | Should -Be 2
        (Get-PcscReader).CardPresent | Should -Be @($true, $true)
        $simulator.CardIn($readers[1]) | Should -Be $cards[1]
    }

    It 'takes a reader name in any case' {
        Add-PcscSimulatorCard -Reader $readers[1].ToUpperInvariant()
        (Get-PcscReader -Name $readers[1]).CardPresent | Should -BeTrue
    }

    It 'removes cards by name, by wildcard, and from reader objects on the pipeline' {
        1..2 | ForEach-Object { Add-PcscSimulatorCard }
        Remove-PcscSimulatorCard -Reader $readers[0]
        (Get-PcscReader).CardPresent | Should -Be @($false, $true)
        Remove-PcscSimulatorCard -Reader '*00 01'
        (Get-PcscReader).CardPresent | Should -Be @($false, $false)
        Add-PcscSimulatorCard -Reader $readers[1]
        Get-PcscReader | Where-Object CardPresent | Remove-PcscSimulatorCard
        (Get-PcscReader).CardPresent | Should -Be @($false, $false)
    }

    It 'changes nothing under -WhatIf' {
        Add-PcscSimulatorCard -Reader $readers[0] -WhatIf
        (Get-PcscReader -Name $readers[0]).CardPresent | Should -BeFalse
        Add-PcscSimulatorCard -Reader $readers[0]
        Remove-PcscSimulatorCard -Reader $readers[0] -WhatIf
        (Get-PcscReader -Name $readers[0]).CardPresent | Should -BeTrue
    }

    It 'writes CardAlreadyInserted for a reader that holds a card' {
        Add-PcscSimulatorCard -Reader $readers[0]
        Add-PcscSimulatorCard -Reader $readers[0] -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'CardAlreadyInserted,PcscTools.Module.Commands.AddPcscSimulatorCardCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $problems[0].TargetObject | Should -Be $readers[0]
    }

    It 'writes ReaderNotFound, listing the simulator''s readers, for an unknown reader' {
        { Add-PcscSimulatorCard -Reader 'No Such Reader' -ErrorAction Stop } | Should -Throw -ErrorId 'ReaderNotFound,PcscTools.Module.Commands.AddPcscSimulatorCardCommand' -ExpectedMessage "*$($readers[0])*"
        { Remove-PcscSimulatorCard -Reader 'No Such Reader' -ErrorAction Stop } | Should -Throw -ErrorId 'ReaderNotFound,PcscTools.Module.Commands.RemovePcscSimulatorCardCommand'
    }

    It 'writes NoEmptyReader when every reader holds a card' {
        1..2 | ForEach-Object { Add-PcscSimulatorCard }
        { Add-PcscSimulatorCard -ErrorAction Stop } | Should -Throw -ErrorId 'NoEmptyReader,PcscTools.Module.Commands.AddPcscSimulatorCardCommand'
    }
}

Describe 'Start-PcscSimulator -Card and Get-PcscSimulator' {
    BeforeAll { Stop-PcscSimulator }
    AfterAll {
        Stop-PcscSimulator
        $script:simulator = Start-PcscSimulator -NoCard
    }

    It 'puts the given card in the first reader, and Get-PcscSimulator returns the running simulator' {
        Get-PcscSimulator | Should -BeNullOrEmpty
        $card = New-PcscVirtualCard -Atr '3B 88 80 01 50 43 53 43 54 4F 4F 4C 12'
        $started = Start-PcscSimulator -Card $card
        Get-PcscSimulator | Should -Be $started
        $started.CardIn($started.ReaderNames[0]) | Should -Be $card
        "$((Get-PcscReader)[0].Atr)" | Should -Be '3B 88 80 01 50 43 53 43 54 4F 4F 4C 12'
    }

    It 'refuses a second simulator with SimulatorAlreadyRunning, saying what to do' {
        { Start-PcscSimulator } | Should -Throw -ErrorId 'SimulatorAlreadyRunning,PcscTools.Module.Commands.StartPcscSimulatorCommand'
    }

    It 'says SimulatorNotRunning to the card cmdlets when none runs' {
        Stop-PcscSimulator
        { Add-PcscSimulatorCard } | Should -Throw -ErrorId 'SimulatorNotRunning,PcscTools.Module.Commands.AddPcscSimulatorCardCommand' -ExpectedMessage '*Start-PcscSimulator*'
        { Remove-PcscSimulatorCard } | Should -Throw -ErrorId 'SimulatorNotRunning,PcscTools.Module.Commands.RemovePcscSimulatorCardCommand'
    }
}
