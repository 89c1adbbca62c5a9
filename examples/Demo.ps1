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
    Write-Host 'Test-PcscProtocol (does pcscd accept the protocol of the libpcsclite this session loads?)' -ForegroundColor Cyan
    Test-PcscProtocol | Out-Host
}
finally {
    if ($simulator) { Stop-PcscSimulator }
}
