<#
    The project's own help compiler (platyPS is not served here): reads cmdlet help written in platyPS's
    markdown schema 2.0.0 (docs/cmdlets/*.md) and writes the MAML that Get-Help reads, and turns about_*.md
    topics into about_*.help.txt. It follows platyPS v1's rules: SYNTAX is rebuilt from the PARAMETERS yaml,
    unknown sections or yaml keys are errors, and -ProgressAction (a common parameter) is rejected.
#>

Set-StrictMode -Version 3.0

$script:KnownSections = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'
$script:KnownYamlKeys = 'Type', 'Parameter Sets', 'Aliases', 'Accepted values', 'Applicable', 'Required', 'Position',
    'Default value', 'Accept pipeline input', 'Accept wildcard characters'
$script:Namespaces = [ordered]@{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}

function New-HelpFormatError([string] $File, [int] $Line, [string] $Message) {
    $exception = [System.IO.InvalidDataException]::new("${File}:${Line}: $Message")
    [System.Management.Automation.ErrorRecord]::new($exception, 'InvalidHelpMarkdown', 'InvalidData', $File)
}

function Split-MarkdownBlock {
    <# Markdown lines -> blocks: Heading (Level, Text), Paragraph (Text), Code (Info, Text); each with its line number. #>
    param([string[]] $Lines, [int] $FirstLine, [string] $File)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $paragraph = [System.Collections.Generic.List[string]]::new()
    $paragraphLine = 0
    $flush = {
        if ($paragraph.Count -gt 0) {
            # A soft-wrapped line joins with a space; two trailing spaces (a hard break) keep the newline.
            $text = ($paragraph | ForEach-Object { if ($_ -match '  $') { $_.TrimEnd() + "`n" } else { $_.Trim() + ' ' } }) -join ''
            $blocks.Add([pscustomobject]@{ Kind = 'Paragraph'; Text = $text.Trim(); Line = $paragraphLine })
            $paragraph.Clear()
        }
    }
    for ($i = 0; $i -lt $Lines.Count; $i++) {
        $line = $Lines[$i]
        $number = $FirstLine + $i
        if ($line -match '^(?<fence>```+|~~~+)\s*(?<info>.*)$') {
            & $flush
            $fence = $Matches.fence
            $info = $Matches.info.Trim()
            $code = [System.Collections.Generic.List[string]]::new()
            for ($i++; $i -lt $Lines.Count -and -not $Lines[$i].StartsWith($fence); $i++) { $code.Add($Lines[$i]) }
            if ($i -ge $Lines.Count) { throw (New-HelpFormatError $File $number 'a code block is never closed.') }
            $blocks.Add([pscustomobject]@{ Kind = 'Code'; Info = $info; Text = ($code -join "`n"); Line = $number })
        }
        elseif ($line -match '^(?<level>#{1,6})\s+(?<text>.+?)\s*#*\s*$') {
            & $flush
            $blocks.Add([pscustomobject]@{ Kind = 'Heading'; Level = $Matches.level.Length; Text = $Matches.text; Line = $number })
        }
        elseif ($line.Trim() -eq '') { & $flush }
        else {
            # Each list item is a paragraph of its own.
            if ($line -match '^\s*[-*] ') { & $flush }
            if ($paragraph.Count -eq 0) { $paragraphLine = $number }
            $paragraph.Add($line)
        }
    }
    & $flush
    $blocks
}

function Read-FrontMatter([string[]] $Lines, [string] $File) {
    if ($Lines.Count -eq 0 -or $Lines[0].Trim() -ne '---') { throw (New-HelpFormatError $File 1 "the file must start with YAML front matter ('---').") }
    $end = [Array]::FindIndex($Lines, 1, [Predicate[string]] { param($l) $l.Trim() -eq '---' })
    if ($end -lt 0) { throw (New-HelpFormatError $File 1 "the front matter is never closed with '---'.") }
    $metadata = [ordered]@{}
    foreach ($line in $Lines[1..($end - 1)]) {
        if ($line -match '^(?<key>[^:]+):\s*(?<value>.*)$') { $metadata[$Matches.key.Trim()] = $Matches.value.Trim() }
    }
    if ($metadata['schema'] -ne '2.0.0') { throw (New-HelpFormatError $File 1 "only platyPS schema 2.0.0 is supported (front matter 'schema: 2.0.0'); found '$($metadata['schema'])'.") }
    foreach ($key in 'external help file', 'Module Name') {
        if (-not $metadata[$key]) { throw (New-HelpFormatError $File 1 "the front matter has no '${key}:'.") }
    }
    [pscustomobject]@{ Metadata = $metadata; BodyStart = $end + 1 }
}

function Read-ParameterYaml([object] $Block, [string] $File) {
    $values = [ordered]@{}
    $lines = $Block.Text -split "`n"
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ($line.Trim() -eq '') { continue }
        if ($line -notmatch '^(?<key>[^:]+):\s*(?<value>.*)$') { throw (New-HelpFormatError $File ($Block.Line + 1 + $i) "'$line' is not a 'Key: value' line.") }
        $key = $script:KnownYamlKeys | Where-Object { $_ -eq $Matches.key.Trim() } | Select-Object -First 1
        if (-not $key) { throw (New-HelpFormatError $File ($Block.Line + 1 + $i) "unknown parameter key '$($Matches.key.Trim())'; the keys are: $($script:KnownYamlKeys -join ', ').") }
        $values[$key] = $Matches.value.Trim()
    }
    foreach ($required in 'Type', 'Parameter Sets', 'Required', 'Position') {
        if (-not $values.Contains($required)) { throw (New-HelpFormatError $File $Block.Line "the parameter block has no '${required}:'.") }
    }
    $sets = @($values['Parameter Sets'] -split ',' | ForEach-Object Trim | Where-Object { $_ })
    [pscustomobject]@{
        Type           = $values['Type']
        Sets           = $sets
        Aliases        = @($values['Aliases'] -split ',' | ForEach-Object { "$_".Trim() } | Where-Object { $_ })
        AcceptedValues = @($values['Accepted values'] -split ',' | ForEach-Object { "$_".Trim() } | Where-Object { $_ })
        Required       = $values['Required'] -eq 'True'
        Position       = $values['Position']
        DefaultValue   = $values['Default value']
        PipelineInput  = if ($values['Accept pipeline input']) { $values['Accept pipeline input'] } else { 'False' }
        Globbing       = $values['Accept wildcard characters'] -eq 'True'
    }
}

function ConvertFrom-CmdletHelpMarkdown {
    <#
    .SYNOPSIS
        Parses one platyPS 2.0.0 cmdlet help file into a help model (name, synopsis, parameters, syntax sets, examples...).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline, ValueFromPipelineByPropertyName)] [Alias('FullName')] [string] $Path)
    process {
        $file = Split-Path $Path -Leaf
        $lines = [System.IO.File]::ReadAllLines($Path)
        $front = Read-FrontMatter $lines $file
        $body = if ($front.BodyStart -lt $lines.Count) { $lines[$front.BodyStart..($lines.Count - 1)] } else { @() }
        $help = [pscustomobject]@{
            Path                = $Path
            Name                = $null
            Metadata            = $front.Metadata
            Synopsis            = [System.Collections.Generic.List[string]]::new()
            Description         = [System.Collections.Generic.List[string]]::new()
            SyntaxSets          = [System.Collections.Generic.List[string]]::new()
            DefaultSet          = $null
            Examples            = [System.Collections.Generic.List[object]]::new()
            Parameters          = [System.Collections.Generic.List[object]]::new()
            HasCommonParameters = $false
            Inputs              = [System.Collections.Generic.List[object]]::new()
            Outputs             = [System.Collections.Generic.List[object]]::new()
            Notes               = [System.Collections.Generic.List[string]]::new()
            Links               = [System.Collections.Generic.List[object]]::new()
        }
        $section = $null
        $item = $null
        foreach ($block in Split-MarkdownBlock $body ($front.BodyStart + 1) $file) {
            if ($block.Kind -eq 'Heading' -and $block.Level -eq 1) {
                if ($help.Name) { throw (New-HelpFormatError $file $block.Line 'a help file documents one cmdlet: only one H1 is allowed.') }
                $help.Name = $block.Text
                continue
            }
            if ($block.Kind -eq 'Heading' -and $block.Level -eq 2) {
                $section = $block.Text.ToUpperInvariant()
                if ($section -notin $script:KnownSections) { throw (New-HelpFormatError $file $block.Line "unexpected section '## $($block.Text)'; the sections are: $($script:KnownSections -join ', ').") }
                $item = $null
                continue
            }
            if (-not $section) { throw (New-HelpFormatError $file $block.Line "'$($block.Text)' comes before any '## ' section.") }
            if ($block.Kind -eq 'Heading') {
                $item = $null
                switch ($section) {
                    'SYNTAX' {
                        $name = $block.Text -replace '\s*\(Default\)$'
                        $help.SyntaxSets.Add($name)
                        if ($block.Text -match '\(Default\)$') { $help.DefaultSet = $name }
                    }
                    'EXAMPLES' {
                        $item = [pscustomobject]@{ Title = $block.Text; Introduction = [System.Collections.Generic.List[string]]::new(); Code = [System.Collections.Generic.List[object]]::new(); Remarks = [System.Collections.Generic.List[string]]::new(); Line = $block.Line }
                        $help.Examples.Add($item)
                    }
                    'PARAMETERS' {
                        if ($block.Text -eq 'CommonParameters') { $help.HasCommonParameters = $true; break }
                        if ($block.Text -notmatch '^-(?<name>\w+)$') { throw (New-HelpFormatError $file $block.Line "a parameter heading is '### -Name'; found '### $($block.Text)'.") }
                        if ($Matches.name -eq 'ProgressAction') { throw (New-HelpFormatError $file $block.Line '-ProgressAction is a common parameter (pwsh 7.4+): remove its section, as platyPS advises (PowerShell/platyPS#595).') }
                        $item = [pscustomobject]@{ Name = $Matches.name; Description = [System.Collections.Generic.List[string]]::new(); Blocks = [System.Collections.Generic.List[object]]::new(); Line = $block.Line }
                        $help.Parameters.Add($item)
                    }
                    { $_ -in 'INPUTS', 'OUTPUTS' } {
                        $item = [pscustomobject]@{ Type = $block.Text; Description = [System.Collections.Generic.List[string]]::new() }
                        $help.($(if ($section -eq 'INPUTS') { 'Inputs' } else { 'Outputs' })).Add($item)
                    }
                    default { throw (New-HelpFormatError $file $block.Line "section $section has no '### ' subsections.") }
                }
                continue
            }
            switch ($section) {
                'SYNOPSIS' { if ($block.Kind -eq 'Paragraph') { $help.Synopsis.Add($block.Text) } }
                'DESCRIPTION' { $help.Description.Add($block.Text) }
                'SYNTAX' { if ($block.Kind -eq 'Code' -and $help.SyntaxSets.Count -eq 0) { $help.SyntaxSets.Add('(All)') } }
                'EXAMPLES' {
                    if (-not $item) { throw (New-HelpFormatError $file $block.Line "example text must follow a '### Example N: title' heading.") }
                    if ($block.Kind -eq 'Code') { $item.Code.Add($block) }
                    elseif ($item.Code.Count -eq 0) { $item.Introduction.Add($block.Text) }
                    else { $item.Remarks.Add($block.Text) }
                }
                'PARAMETERS' {
                    if (-not $item) { if ($help.HasCommonParameters) { continue } throw (New-HelpFormatError $file $block.Line "parameter text must follow a '### -Name' heading.") }
                    if ($block.Kind -eq 'Code' -and $block.Info -eq 'yaml') { $item.Blocks.Add((Read-ParameterYaml $block $file)) }
                    else { $item.Description.Add($block.Text) }
                }
                { $_ -in 'INPUTS', 'OUTPUTS' } { if ($item) { $item.Description.Add($block.Text) } }
                'NOTES' { $help.Notes.Add($block.Text) }
                'RELATED LINKS' {
                    foreach ($link in [regex]::Matches($block.Text, '\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)')) {
                        $help.Links.Add([pscustomobject]@{ Text = $link.Groups['text'].Value; Uri = $link.Groups['uri'].Value })
                    }
                }
            }
        }
        if (-not $help.Name) { throw (New-HelpFormatError $file 1 "there is no '# Verb-Noun' heading.") }
        if ($help.Name -ne [System.IO.Path]::GetFileNameWithoutExtension($Path)) { throw (New-HelpFormatError $file 1 "the file for '# $($help.Name)' must be named '$($help.Name).md'.") }
        if ($help.Synopsis.Count -eq 0) { throw (New-HelpFormatError $file 1 'there is no SYNOPSIS.') }
        foreach ($parameter in $help.Parameters) {
            if ($parameter.Blocks.Count -eq 0) { throw (New-HelpFormatError $file $parameter.Line "-$($parameter.Name) has no yaml block.") }
        }
        $help
    }
}

function Get-HelpSyntax {
    <#
    .SYNOPSIS
        Rebuilds the syntax items from the parameters' yaml, as platyPS does: one item per named set ((All) parameters
        join every set), the default set first, parameters ordered by position (numbers before Named).
    #>
    param([Parameter(Mandatory)] [object] $Help)
    $named = [System.Collections.Generic.List[string]]::new()
    foreach ($set in @($Help.SyntaxSets) + @($Help.Parameters | ForEach-Object { $_.Blocks } | ForEach-Object { $_.Sets })) {
        if ($set -ne '(All)' -and -not $named.Contains($set)) { $named.Add($set) }
    }
    if ($Help.DefaultSet -and $named.Remove($Help.DefaultSet)) { $named.Insert(0, $Help.DefaultSet) }
    $sets = if ($named.Count -eq 0) { @('(All)') } else { $named.ToArray() }
    foreach ($set in $sets) {
        $members = foreach ($parameter in $Help.Parameters) {
            $block = $parameter.Blocks | Where-Object { $set -in $_.Sets -or '(All)' -in $_.Sets } | Select-Object -First 1
            if ($block) { [pscustomobject]@{ Parameter = $parameter; Block = $block } }
        }
        # A stable sort: positional parameters by number, then the named ones in document order.
        $ordered = @($members) | Sort-Object -Stable { if ($_.Block.Position -match '^\d+$') { [int]$_.Block.Position } else { [int]::MaxValue } }
        [pscustomobject]@{ Set = $set; Parameters = @($ordered) }
    }
}

function Write-Paragraphs([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs) {
    $Writer.WriteStartElement('maml', 'description', $script:Namespaces.maml)
    foreach ($paragraph in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $script:Namespaces.maml, $paragraph) }
    $Writer.WriteEndElement()
}

function Write-MamlParameter([System.Xml.XmlWriter] $Writer, [object] $Parameter, [object] $Block, [bool] $InSyntax) {
    $ns = $script:Namespaces
    $isSwitch = $Block.Type -eq 'SwitchParameter'
    $Writer.WriteStartElement('command', 'parameter', $ns.command)
    $Writer.WriteAttributeString('required', "$($Block.Required)".ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', "$($Block.Globbing)".ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', ($Block.PipelineInput -replace '^True', 'true' -replace '^False', 'false'))
    $Writer.WriteAttributeString('position', $(if ($Block.Position -match '^\d+$') { $Block.Position } else { 'named' }))
    $Writer.WriteAttributeString('aliases', $(if ($Block.Aliases.Count) { $Block.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $ns.maml, $Parameter.Name)
    Write-Paragraphs $Writer $Parameter.Description
    if ($Block.AcceptedValues.Count) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $ns.command)
        foreach ($value in $Block.AcceptedValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $ns.command)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    if (-not ($InSyntax -and $isSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $ns.command)
        $Writer.WriteAttributeString('required', $(if ($isSwitch) { 'false' } else { 'true' }))
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($Block.Type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $ns.dev)
    $Writer.WriteElementString('maml', 'name', $ns.maml, $Block.Type)
    $Writer.WriteElementString('maml', 'uri', $ns.maml, '')
    $Writer.WriteEndElement()
    $default = if ($isSwitch -and $Block.DefaultValue -in '', 'None', $null) { 'False' } elseif ($Block.DefaultValue) { $Block.DefaultValue } else { 'None' }
    $Writer.WriteElementString('dev', 'defaultValue', $ns.dev, $default)
    $Writer.WriteEndElement()
}

function Write-MamlTypes([System.Xml.XmlWriter] $Writer, [string] $List, [string] $Entry, [object[]] $Types) {
    $ns = $script:Namespaces
    $Writer.WriteStartElement('command', $List, $ns.command)
    foreach ($type in $Types) {
        $Writer.WriteStartElement('command', $Entry, $ns.command)
        $Writer.WriteStartElement('dev', 'type', $ns.dev)
        $Writer.WriteElementString('maml', 'name', $ns.maml, $type.Type)
        $Writer.WriteEndElement()
        Write-Paragraphs $Writer $type.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-MamlCommand([System.Xml.XmlWriter] $Writer, [object] $Help) {
    $ns = $script:Namespaces
    $Writer.WriteStartElement('command', 'command', $ns.command)
    foreach ($prefix in $ns.Keys) { $Writer.WriteAttributeString('xmlns', $prefix, $null, $ns[$prefix]) }

    $verb, $noun = $Help.Name -split '-', 2
    $Writer.WriteStartElement('command', 'details', $ns.command)
    $Writer.WriteElementString('command', 'name', $ns.command, $Help.Name)
    $Writer.WriteElementString('command', 'verb', $ns.command, $verb)
    $Writer.WriteElementString('command', 'noun', $ns.command, $noun)
    Write-Paragraphs $Writer $Help.Synopsis
    $Writer.WriteEndElement()
    Write-Paragraphs $Writer $Help.Description

    $Writer.WriteStartElement('command', 'syntax', $ns.command)
    foreach ($item in Get-HelpSyntax $Help) {
        $Writer.WriteStartElement('command', 'syntaxItem', $ns.command)
        $Writer.WriteElementString('maml', 'name', $ns.maml, $Help.Name)
        foreach ($member in $item.Parameters) { Write-MamlParameter $Writer $member.Parameter $member.Block $true }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $ns.command)
    foreach ($parameter in $Help.Parameters) { Write-MamlParameter $Writer $parameter $parameter.Blocks[0] $false }
    $Writer.WriteEndElement()

    Write-MamlTypes $Writer 'inputTypes' 'inputType' $Help.Inputs
    Write-MamlTypes $Writer 'returnValues' 'returnValue' $Help.Outputs

    $Writer.WriteStartElement('maml', 'alertSet', $ns.maml)
    $Writer.WriteStartElement('maml', 'alert', $ns.maml)
    foreach ($note in $Help.Notes) { $Writer.WriteElementString('maml', 'para', $ns.maml, $note) }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $ns.command)
    foreach ($example in $Help.Examples) {
        $Writer.WriteStartElement('command', 'example', $ns.command)
        $dashes = '-' * [Math]::Max(1, [Math]::Floor((64 - $example.Title.Length - 2) / 2))
        $Writer.WriteElementString('maml', 'title', $ns.maml, "$dashes $($example.Title) $dashes")
        $Writer.WriteElementString('dev', 'code', $ns.dev, (($example.Code | ForEach-Object Text) -join "`n`n"))
        $Writer.WriteStartElement('dev', 'remarks', $ns.dev)
        # Get-Help prints maml:introduction glued to the code (it is meant for a prompt), so text before the code leads the remarks.
        foreach ($paragraph in @($example.Introduction) + @($example.Remarks)) { $Writer.WriteElementString('maml', 'para', $ns.maml, $paragraph) }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $ns.command)
    $links = @($Help.Links)
    $online = $Help.Metadata['online version']
    if ($online -and [uri]::IsWellFormedUriString($online, 'Absolute')) { $links = @([pscustomobject]@{ Text = 'Online Version:'; Uri = $online }) + $links }
    foreach ($link in $links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $ns.maml)
        $Writer.WriteElementString('maml', 'linkText', $ns.maml, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $ns.maml, $(if ([uri]::IsWellFormedUriString($link.Uri, 'Absolute')) { $link.Uri } else { '' }))
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function ConvertTo-MamlHelp {
    <#
    .SYNOPSIS
        Writes the MAML help file (helpItems schema="maml") for help models from ConvertFrom-CmdletHelpMarkdown.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)] [object[]] $Help,
        [Parameter(Mandatory)] [string] $OutputPath
    )
    begin { $all = [System.Collections.Generic.List[object]]::new() }
    process { $all.AddRange($Help) }
    end {
        $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
        $null = New-Item -ItemType Directory -Path (Split-Path $OutputPath) -Force
        $writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
        try {
            $writer.WriteStartDocument()
            $writer.WriteStartElement('helpItems', 'http://msh')
            $writer.WriteAttributeString('schema', 'maml')
            foreach ($one in $all | Sort-Object Name) { Write-MamlCommand $writer $one }
            $writer.WriteEndElement()
            $writer.WriteEndDocument()
        }
        finally { $writer.Dispose() }
        Get-Item $OutputPath
    }
}

function Format-WrappedText([string] $Text, [int] $Indent, [int] $Hanging = 0, [int] $Width = 80) {
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ''
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        $margin = $Indent + $(if ($lines.Count) { $Hanging } else { 0 })
        if ($line -and ($margin + $line.Length + 1 + $word.Length) -gt $Width) { $lines.Add((' ' * $margin) + $line); $line = $word }
        else { $line = if ($line) { "$line $word" } else { $word } }
    }
    if ($line) { $lines.Add((' ' * ($Indent + $(if ($lines.Count) { $Hanging } else { 0 }))) + $line) }
    $lines
}

function ConvertTo-AboutHelpText {
    <#
    .SYNOPSIS
        Turns an about_*.md topic into the plain about_*.help.txt Get-Help shows: headings in capitals, text
        wrapped at 80 columns and indented, code kept verbatim.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $OutputPath
    )
    $file = Split-Path $Path -Leaf
    $lines = [System.IO.File]::ReadAllLines($Path)
    $topic = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    if ($topic -notmatch '^about_\w+$') { throw (New-HelpFormatError $file 1 "an about topic's file is named about_<Topic>.md.") }
    $text = [System.Collections.Generic.List[string]]::new()
    $previous = ''
    foreach ($block in Split-MarkdownBlock $lines 1 $file) {
        switch ($block.Kind) {
            'Heading' {
                if ($text.Count) { $text.Add('') }
                $text.Add($(if ($block.Level -le 2) { $block.Text.ToUpperInvariant() } else { '  ' + $block.Text.ToUpperInvariant() }))
            }
            'Paragraph' {
                $isListItem = $block.Text -match '^[-*] '
                # List items follow each other without blank lines, and wrap under their text.
                if (-not ($isListItem -and $previous -match '^[-*] ')) { $text.Add('') }
                foreach ($hardLine in $block.Text -split "`n") {
                    $text.AddRange([string[]]@(Format-WrappedText ($hardLine -replace '^[-*] ', '- ') 4 $(if ($isListItem) { 2 } else { 0 })))
                }
            }
            'Code' {
                $text.Add('')
                foreach ($codeLine in $block.Text -split "`n") { $text.Add(('        ' + $codeLine).TrimEnd()) }
            }
        }
        $previous = $block.Text
    }
    if ($text[0] -ne $topic.ToUpperInvariant() -and $text[0] -ne $topic) { throw (New-HelpFormatError $file 1 "an about topic starts with '# $topic'.") }
    $text[0] = 'TOPIC'
    $text.Insert(1, "    $topic")
    $null = New-Item -ItemType Directory -Path (Split-Path $OutputPath) -Force
    [System.IO.File]::WriteAllText($OutputPath, ($text -join "`n") + "`n", [System.Text.UTF8Encoding]::new($false))
    Get-Item $OutputPath
}

function Build-ModuleHelp {
    <#
    .SYNOPSIS
        Compiles docs/cmdlets/*.md into <OutputFolder>/<external help file> and docs/about_*.md into about_*.help.txt.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $DocsFolder,
        [Parameter(Mandatory)] [string] $OutputFolder
    )
    $helps = @(Get-ChildItem (Join-Path $DocsFolder 'cmdlets') -Filter '*.md' | Sort-Object Name | ConvertFrom-CmdletHelpMarkdown)
    foreach ($group in $helps | Group-Object { $_.Metadata['external help file'] }) {
        ConvertTo-MamlHelp -Help $group.Group -OutputPath (Join-Path $OutputFolder $group.Name)
    }
    foreach ($about in Get-ChildItem $DocsFolder -Filter 'about_*.md') {
        ConvertTo-AboutHelpText -Path $about.FullName -OutputPath (Join-Path $OutputFolder ($about.BaseName + '.help.txt'))
    }
}

Export-ModuleMember -Function ConvertFrom-CmdletHelpMarkdown, Get-HelpSyntax, ConvertTo-MamlHelp, ConvertTo-AboutHelpText, Build-ModuleHelp
