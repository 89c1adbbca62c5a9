@{
    RootModule        = 'FloorModule.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '0f1c7a52-6a59-4a3e-8c56-0d7e3b6a9f10'
    FormatsToProcess  = @('FloorModule.Format.ps1xml')
    TypesToProcess    = @('FloorModule.Types.ps1xml')
    CmdletsToExport   = @('Get-FloorItem', 'Connect-FloorCard', 'Send-FloorApdu')
    FunctionsToExport = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
