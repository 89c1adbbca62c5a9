BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
}

AfterAll {
    Stop-PcscSimulator
}

Describe 'Start-PcscSimulator with several vpcd entries' {
    BeforeAll { $script:simulator = Start-PcscSimulator -ReaderCount 8 -NoCard }

    It 'names every reader slot exactly as pcscd does' {
        (Get-PcscReader).Name | Should -Be $simulator.ReaderNames
    }

    It 'inserts a card into a slot of a later entry' {
        $reader = $simulator.ReaderNames[5]
        $simulator.InsertCard($reader) | Out-Null
        try {
            (Get-PcscReader -Name $reader).CardPresent | Should -BeTrue
            (Get-PcscReader | Where-Object CardPresent).Name | Should -Be $reader
        }
        finally {
            $simulator.RemoveCard($reader)
        }
    }
}
