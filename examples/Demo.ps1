<#
.SYNOPSIS
    A first look at PcscTools: the readers of this machine, or of a private virtual stack when it has none.
#>
param([string] $ModulePath = 'PcscTools')

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

# No daemon at all is a terminating error; either way the demo falls back to the virtual stack.
$readers = @(try { Get-PcscReader -ErrorAction SilentlyContinue } catch { Write-Host "No PC/SC service here: $_" })
$simulator = $null
if ($readers.Count -eq 0) {
    Write-Host 'No reader here: starting the embedded virtual stack (a private pcscd, vpcd readers, a virtual card).' -ForegroundColor Cyan
    $simulator = Start-PcscSimulator
    $simulator | Format-List | Out-Host
    $readers = @(Get-PcscReader)
}
try {
    Write-Host 'Get-PcscReader' -ForegroundColor Cyan
    $readers | Format-Table | Out-Host
    foreach ($reader in $readers | Where-Object CardPresent) {
        Write-Host "Card in '$($reader.Name)': ATR $($reader.Atr)" -ForegroundColor Green
        $reader | ConvertFrom-PcscAtr | Out-Host
    }
    if ($simulator) {
        # The virtual card's own application: select it, select EF 0102, read 16 bytes (a T=0-style card would answer 61xx; Exchanges shows every APDU).
        Write-Host "Invoke-Apdu on the virtual card in '$($simulator.ReaderNames[0])'" -ForegroundColor Cyan
        '00 A4 04 0C 0A F0 50 43 53 43 54 4F 4F 4C 53', '00 A4 02 0C 02 01 02', '00 B0 00 00 10' |
            Invoke-Apdu -Reader $simulator.ReaderNames[0] | Format-Table | Out-Host
    }
    Write-Host 'Test-PcscProtocol (does pcscd accept the protocol of the libpcsclite this session loads?)' -ForegroundColor Cyan
    Test-PcscProtocol | Out-Host
}
finally {
    if ($simulator) { Stop-PcscSimulator }
}
