@{
    RootModule           = 'bin/PcscTools.Module.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5d0c8a8e-3f6b-4c1e-9a57-2b8f4f0e6c31'
    Author               = 'PcscTools contributors'
    CompanyName          = 'PcscTools'
    Copyright            = '(c) PcscTools contributors. MIT License.'
    Description          = 'Smart cards on Linux, scriptable: readers, APDUs, card events and pcscd protocol diagnosis over pcsc-lite, with a virtual card stack for CI.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('PcscTools.Format.ps1xml')
    TypesToProcess       = @('PcscTools.Types.ps1xml')
    CmdletsToExport      = @(
        'ConvertFrom-PcscAtr'
        'Get-PcscReader'
        'Invoke-PcscScript'
        'Start-PcscSimulator'
        'Stop-PcscSimulator'
        'Test-PcscProtocol'
        'Watch-PcscCard'
        'Connect-PcscCard'
        'Disconnect-PcscCard'
        'Invoke-Apdu'
        'New-PcscApdu'
        'Get-PcscReaderAttribute'
        'Invoke-PcscReaderControl'
        'Get-PcscSimulator'
        'New-PcscVirtualCard'
        'Add-PcscSimulatorCard'
        'Remove-PcscSimulatorCard'
        'Register-PcscShouldOperator'
        'Trace-PcscCall'
        'Get-PcscClient'
        'ConvertFrom-PcscTlv'
        'ConvertTo-PcscTlv'
        'Get-PcscGpStatus'
        'Get-PcscGpCardData'
        'Install-PcscGpApplication'
        'Remove-PcscGpContent'
        'Write-PcscGpData'
        'Open-PcscSecureChannel'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('SmartCard', 'PCSC', 'pcsc-lite', 'pcscd', 'APDU', 'ATR', 'Linux', 'flatpak', 'Pester', 'PSEdition_Core')
            LicenseUri = 'https://github.com/pcsctools/PcscTools/blob/main/LICENSE'
            ProjectUri = 'https://github.com/pcsctools/PcscTools'
            ReleaseNotes = 'https://github.com/pcsctools/PcscTools/releases'
        }
    }
}
