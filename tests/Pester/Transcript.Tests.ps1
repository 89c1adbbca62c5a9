# Record and replay: Invoke-Apdu -TranscriptPath records a session against the virtual card, and New-PcscVirtualCard
# -Transcript serves a card from it that answers the same commands the same way.

BeforeAll {
    Import-Module $env:PCSCTOOLS_MODULE_PATH -Force
    $script:sim = Start-PcscSimulator -NoCard
    $script:recordReader, $script:replayReader = $sim.ReaderNames
    $script:original = [PcscTools.Simulator.VirtualCard.VirtualCard]::new()
    $original.ChainResponses = $true
    $original.Respond('80 CA 00 01 00', '01 02 03 90 00').Respond('00 20 00 81 *', '90 00') | Out-Null
    $sim.InsertCard($recordReader, $original) | Out-Null

    $script:commands = @(
        '00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53'
        '00 A4 02 0C 02 01 01'
        '00 D6 00 00 04 CA FE BA BE'
        '00 B0 00 00 04'
        '80 CA 00 01 00'
        '00 20 00 81 04 31 32 33 34'
    )
    $script:file = Join-Path $TestDrive 'personalisation.transcript.json'
    $script:recorded = Invoke-Apdu -Reader $recordReader -Command $commands -TranscriptPath $file
    $script:transcript = Get-Content $file -Raw | ConvertFrom-Json
}

AfterAll {
    Stop-PcscSimulator
}

Describe 'Invoke-Apdu -TranscriptPath' {
    It 'records the reader, the ATR and the protocol of the session' {
        $transcript.Format | Should -Be 'PcscTools.Transcript/1'
        $transcript.Sessions.Count | Should -Be 1
        $session = $transcript.Sessions[0]
        $session.Reader | Should -Be $recordReader
        $session.Atr | Should -Be "$($original.Atr)"
        $session.Protocol | Should -Be 'T1'
        $session.Started | Should -Not -BeNullOrEmpty
    }

    It 'records every APDU that crossed the wire, GET RESPONSE included, with its answer and time' {
        $exchanges = $transcript.Sessions[0].Exchanges
        $exchanges.Command | Should -Be @(
            '00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53', '00 A4 02 0C 02 01 01', '00 D6 00 00 04 CA FE BA BE',
            '00 B0 00 00 04', '00 C0 00 00 04', '80 CA 00 01 00', '00 20 00 81 04 ** ** ** **')
        $exchanges.Response | Should -Be @('90 00', '90 00', '90 00', '61 04', 'CA FE BA BE 90 00', '01 02 03 90 00', '90 00')
        $exchanges | ForEach-Object { $_.ElapsedMs | Should -BeGreaterThan 0 }
    }

    It 'never writes a PIN to the file' {
        Get-Content $file -Raw | Should -Not -Match '31 32 33 34'
    }

    It 'adds one session per call to an existing transcript' {
        $two = Join-Path $TestDrive 'two.json'
        Invoke-Apdu -Reader $recordReader -Command '80 CA 00 01 00' -TranscriptPath $two | Out-Null
        Invoke-Apdu -Reader $recordReader -Command '80 CA 00 01 00' -TranscriptPath $two | Out-Null
        (Get-Content $two -Raw | ConvertFrom-Json).Sessions.Count | Should -Be 2
    }

    It 'fails with TranscriptUnwritable when the file cannot be written, after writing the responses' {
        $path = Join-Path $TestDrive 'missing-folder/t.json'
        $written = [System.Collections.Generic.List[object]]::new()
        { Invoke-Apdu -Reader $recordReader -Command '80 CA 00 01 00' -TranscriptPath $path | ForEach-Object { $written.Add($_) } } |
            Should -Throw -ErrorId 'TranscriptUnwritable,PcscTools.Module.Commands.InvokeApduCommand'
        $written.StatusWord | Should -Be '9000'
    }

    It 'refuses to add to a file that is not a transcript' {
        $other = Join-Path $TestDrive 'other.json'
        Set-Content $other '{"something": "else"}'
        { Invoke-Apdu -Reader $recordReader -Command '80 CA 00 01 00' -TranscriptPath $other } |
            Should -Throw -ErrorId 'TranscriptUnwritable,PcscTools.Module.Commands.InvokeApduCommand'
        Get-Content $other -Raw | Should -Match 'something'
    }
}

Describe 'New-PcscVirtualCard -Transcript' {
    BeforeAll {
        $script:replay = New-PcscVirtualCard -Transcript $file
        $sim.InsertCard($replayReader, $replay) | Out-Null
        # Another PIN than the recorded one: the recording has ** there, which matches any byte.
        $script:replayed = Invoke-Apdu -Reader $replayReader -Command ($commands[0..4] + '00 20 00 81 04 39 39 39 39')
    }

    It 'takes the recorded ATR' {
        "$($replay.Atr)" | Should -Be $transcript.Sessions[0].Atr
        (Get-PcscReader -Name $replayReader).Atr | Should -Be $transcript.Sessions[0].Atr
    }

    It 'answers the recorded commands as the recorded card did' {
        $replayed | ForEach-Object { "$_" } | Should -Be @($recorded | ForEach-Object { "$_" })
        $replayed[3] | Should -HaveStatusWord 9000 -Data 'CA FE BA BE'
        $replayed[4] | Should -HaveResponseData '01 02 03'
    }

    It 'answers in recorded order, each exchange once; then the built-in card answers' {
        # The UPDATE BINARY was answered from the transcript and never written: the card's own file is still zeros.
        $again = Invoke-Apdu -Reader $replayReader -Command '00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53', '00 A4 02 0C 02 01 01', '00 B0 00 00 04'
        $again[2] | Should -HaveStatusWord 9000 -Data '00 00 00 00'
        Invoke-Apdu -Reader $replayReader -Command '80 CA 00 01 00' | Should -HaveStatusWord 6D00
    }

    It 'says when the transcript is missing or is not one' {
        { New-PcscVirtualCard -Transcript (Join-Path $TestDrive 'nope.json') } |
            Should -Throw -ErrorId 'TranscriptNotFound,PcscTools.Module.Commands.NewPcscVirtualCardCommand'
        $bad = Join-Path $TestDrive 'bad.json'
        Set-Content $bad '{"format": "PcscTools.Transcript/1", "sessions": [{"exchanges": [{"command": "00 ZZ", "response": "90 00"}]}]}'
        { New-PcscVirtualCard -Transcript $bad } | Should -Throw -ErrorId 'InvalidCardDefinition,PcscTools.Module.Commands.NewPcscVirtualCardCommand'
        Set-Content $bad 'not json'
        { New-PcscVirtualCard -Transcript $bad } | Should -Throw -ErrorId 'InvalidCardDefinition,PcscTools.Module.Commands.NewPcscVirtualCardCommand'
    }
}

Describe 'Invoke-PcscScript -TranscriptPath' {
    It 'records a scriptor script run that a replayed card answers the same way' {
        $script = Join-Path $TestDrive 'script.txt'
        Set-Content $script "80 CA 00 01 00`n00 20 00 81 04 31 32 33 34"
        $path = Join-Path $TestDrive 'script.transcript.json'
        $ran = Invoke-PcscScript -Path $script -Reader $recordReader -TranscriptPath $path
        $session = (Get-Content $path -Raw | ConvertFrom-Json).Sessions
        $session.Reader | Should -Be $recordReader
        $session.Exchanges.Command | Should -Be @('80 CA 00 01 00', '00 20 00 81 04 ** ** ** **')
        $session.Exchanges.Response | Should -Be @('01 02 03 90 00', '90 00')

        $sim.RemoveCard($replayReader)
        $sim.InsertCard($replayReader, (New-PcscVirtualCard -Transcript $path)) | Out-Null
        $replayed = Invoke-PcscScript -Path $script -Reader $replayReader
        $replayed | ForEach-Object { "$_" } | Should -Be @($ran | ForEach-Object { "$_" })
    }
}
