# What differs between a command as the code declares it and its platyPS help (docs/cmdlets/<Name>.md).

$script:CommonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

function Get-HelpDrift {
    <#
    .SYNOPSIS
        Lists, as sentences, every way a command's help model (from ConvertFrom-CmdletHelpMarkdown) disagrees with the
        command: parameters on one side only, and per parameter its type, aliases, wildcards, and per set its
        position, mandatoriness and pipeline input. Nothing is written when they agree.
    #>
    param(
        [Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command,
        [Parameter(Mandatory)] [object] $Help
    )
    $name = $Command.Name
    $code = @{}
    foreach ($parameter in $Command.Parameters.Values) {
        # WhatIf and Confirm are documented like any parameter; the other common ones never are.
        if ($parameter.Name -in $script:CommonParameters -and $parameter.Name -notin 'WhatIf', 'Confirm') { continue }
        $code[$parameter.Name] = $parameter
    }
    $documented = @{}
    foreach ($parameter in $Help.Parameters) { $documented[$parameter.Name] = $parameter }

    foreach ($missing in $code.Keys | Where-Object { -not $documented.ContainsKey($_) } | Sort-Object) {
        "${name}: -$missing is in the code but not in the help."
    }
    foreach ($extra in $documented.Keys | Where-Object { -not $code.ContainsKey($_) } | Sort-Object) {
        "${name}: -$extra is in the help but not in the code."
    }
    if ($code.Count -and -not $Help.HasCommonParameters) { "${name}: the help has no '### CommonParameters' section." }

    foreach ($parameterName in $code.Keys | Where-Object { $documented.ContainsKey($_) } | Sort-Object) {
        $metadata = $code[$parameterName]
        $doc = $documented[$parameterName]
        # platyPS shows a Nullable<T> parameter as T.
        $type = [Nullable]::GetUnderlyingType($metadata.ParameterType) ?? $metadata.ParameterType
        $typeNames = @($type.Name, $type.FullName, ($type.FullName -replace '^System\.'))
        foreach ($block in $doc.Blocks) {
            if ($block.Type -notin $typeNames) { "${name}: -$parameterName is $($type.Name) in the code but '$($block.Type)' in the help." }
        }
        $aliases = @($metadata.Aliases | Sort-Object)
        $docAliases = @($doc.Blocks[0].Aliases | Sort-Object)
        if (($aliases -join ',') -ne ($docAliases -join ',')) { "${name}: -$parameterName has aliases '$($aliases -join ', ')' in the code but '$($docAliases -join ', ')' in the help." }
        $wildcards = [bool]($metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
        if ($wildcards -ne $doc.Blocks[0].Globbing) { "${name}: -$parameterName accepts wildcards: $wildcards in the code, $($doc.Blocks[0].Globbing) in the help." }

        foreach ($set in $metadata.ParameterSets.GetEnumerator()) {
            $setName = if ($set.Key -eq '__AllParameterSets') { '(All)' } else { $set.Key }
            $block = $doc.Blocks | Where-Object { $setName -in $_.Sets -or '(All)' -in $_.Sets } | Select-Object -First 1
            if (-not $block) { "${name}: -$parameterName belongs to set '$setName' in the code but not in the help."; continue }
            $position = if ($set.Value.Position -ge 0) { "$($set.Value.Position)" } else { 'Named' }
            if ($block.Position -ne $position) { "${name}: -$parameterName is at position $position in set '$setName' in the code but $($block.Position) in the help." }
            if ($block.Required -ne $set.Value.IsMandatory) { "${name}: -$parameterName is mandatory: $($set.Value.IsMandatory) in set '$setName' in the code, $($block.Required) in the help." }
            $pipeline = @(
                if ($set.Value.ValueFromPipelineByPropertyName) { 'ByPropertyName' }
                if ($set.Value.ValueFromPipeline) { 'ByValue' }
            )
            $expected = if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }
            $given = ($block.PipelineInput -replace '\s', '') -split '[(),]' | Where-Object { $_ } | Sort-Object
            if ((($given) -join ',') -ne ((($expected -replace '\s', '') -split '[(),]' | Where-Object { $_ } | Sort-Object) -join ',')) {
                "${name}: -$parameterName takes pipeline input '$expected' in set '$setName' in the code but '$($block.PipelineInput)' in the help."
            }
        }
    }
}

Export-ModuleMember -Function Get-HelpDrift
