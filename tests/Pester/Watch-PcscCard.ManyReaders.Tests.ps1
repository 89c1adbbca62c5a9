# pcscd serves at most 16 readers, and pcsc-lite waits on at most 16 entries: a watch over all of them must still work.

BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    Stop-PcscSimulator
    $script:simulator = Start-PcscSimulator -ReaderCount 16 -NoCard
}

AfterAll { Stop-PcscSimulator }

Describe 'Watch-PcscCard over pcscd''s maximum of 16 readers' {
    It 'reports the present state of all 16 readers and waits without an error' {
        $events = Watch-PcscCard -IncludeCurrent -Timeout 1 -ErrorVariable problems
        $problems | Should -BeNullOrEmpty
        $events.Count | Should -Be 16
        @($events.Reader | Sort-Object -Unique).Count | Should -Be 16
        $events.Kind | Sort-Object -Unique | Should -Be 'CardRemoved'
    }
}
