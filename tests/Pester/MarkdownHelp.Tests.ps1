# The help compiler (build/Help/MarkdownHelp.psm1): platyPS 2.0.0 markdown in, MAML and about text out.

BeforeAll {
    Import-Module "$PSScriptRoot/../../build/Help/MarkdownHelp.psm1" -Force
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force

    function New-HelpFile([string] $Name, [string] $Body, [string] $Schema = '2.0.0') {
        $path = Join-Path $TestDrive "$Name.md"
        $front = "---`nexternal help file: Fixture.dll-Help.xml`nModule Name: Fixture`nonline version: https://example.org/$Name`nschema: $Schema`n---`n`n# $Name`n"
        Set-Content -Path $path -Value ($front + $Body) -NoNewline
        $path
    }

    function New-Parameter([string] $Name, [string] $Type = 'String', [string] $Sets = '(All)', [string] $Position = 'Named', [string] $Required = 'False', [string] $Extra = '') {
        "### -$Name`nAbout $Name & <co>.`n`n``````yaml`nType: $Type`nParameter Sets: $Sets`nAliases:`n$Extra`nRequired: $Required`nPosition: $Position`nDefault value: None`nAccept pipeline input: False`nAccept wildcard characters: False`n```````n`n"
    }

    $script:ns = @{ maml = 'http://schemas.microsoft.com/maml/2004/10'; command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; dev = 'http://schemas.microsoft.com/maml/dev/2004/10' }
    function Select-Maml([xml] $Xml, [string] $XPath) { Select-Xml -Xml $Xml -XPath $XPath -Namespace $script:ns | ForEach-Object Node }

    # Two named sets: Card (default) and Reader; Force in (All), Disposition switch-free with accepted values.
    $script:resetBody = @"
## SYNOPSIS
Resets a card.

## SYNTAX

### Reader
``````
ignored
``````

### Card (Default)
``````
ignored too
``````

## DESCRIPTION
First paragraph
wrapped on two lines.

Second paragraph.

## EXAMPLES

### Example 1: Reset one
Before the code.

``````powershell runnable
Reset-Card -Card `$c
``````

``````output
done
``````

After the code.

## PARAMETERS

$(New-Parameter -Name Reader -Type 'String[]' -Sets Reader -Position 0 -Required True)
$(New-Parameter -Name Force -Type SwitchParameter)
$(New-Parameter -Name Disposition -Type ResetDisposition -Extra 'Accepted values: Reset, Unpower')
$(New-Parameter -Name Card -Type 'PcscCard[]' -Sets Card -Position 0 -Required True)
### CommonParameters
This cmdlet supports the common parameters.

## INPUTS

### System.String
Reader names.

## OUTPUTS

### None
Nothing.

## NOTES
A note.

## RELATED LINKS

[Get-Card](Get-Card.md)

[PC/SC](https://pcscworkgroup.com/)
"@
}

Describe 'ConvertFrom-CmdletHelpMarkdown' {
    It 'reads the sections, parameters, examples and the default syntax set' {
        $help = ConvertFrom-CmdletHelpMarkdown (New-HelpFile 'Reset-Card' $resetBody)
        $help.Name | Should -Be 'Reset-Card'
        $help.Synopsis | Should -Be 'Resets a card.'
        $help.Description | Should -Be @('First paragraph wrapped on two lines.', 'Second paragraph.')
        $help.DefaultSet | Should -Be 'Card'
        $help.Parameters.Name | Should -Be @('Reader', 'Force', 'Disposition', 'Card')
        $help.HasCommonParameters | Should -BeTrue
        $help.Examples[0].Code[0].Info | Should -Be 'powershell runnable'
        $help.Examples[0].Introduction | Should -Be 'Before the code.'
        $help.Examples[0].Remarks | Should -Be 'After the code.'
        $help.Links.Uri | Should -Be @('Get-Card.md', 'https://pcscworkgroup.com/')
    }

    It 'rejects <Case>' -ForEach @(
        @{ Case = 'a schema other than 2.0.0'; Schema = '2024-05-01'; Body = "## SYNOPSIS`nx`n"; Message = 'only platyPS schema 2.0.0' }
        @{ Case = 'an unknown section'; Body = "## SYNOPSIS`nx`n`n## EXTRAS`ny`n"; Message = "unexpected section '## EXTRAS'" }
        @{ Case = 'an unknown yaml key'; Parameter = 'A'; Extra = 'Colour: blue'; Message = "unknown parameter key 'Colour'" }
        @{ Case = '-ProgressAction, a common parameter'; Parameter = 'ProgressAction'; Message = 'ProgressAction is a common parameter' }
        @{ Case = 'a parameter without yaml'; Body = "## SYNOPSIS`nx`n`n## PARAMETERS`n`n### -A`nText.`n"; Message = '-A has no yaml block' }
        @{ Case = 'a missing synopsis'; Body = "## DESCRIPTION`nx`n"; Message = 'there is no SYNOPSIS' }
    ) {
        if ($Parameter) { $Body = "## SYNOPSIS`nx`n`n## PARAMETERS`n`n$(New-Parameter -Name $Parameter -Extra "$Extra")" }
        $path = New-HelpFile 'Reset-Card' $Body -Schema $(if ($Schema) { $Schema } else { '2.0.0' })
        { ConvertFrom-CmdletHelpMarkdown $path } | Should -Throw -ErrorId 'InvalidHelpMarkdown' -ExpectedMessage "*$Message*"
    }

    It 'names the file and line of a problem' {
        $path = New-HelpFile 'Reset-Card' "## SYNOPSIS`nx`n`n## EXTRAS`n"
        { ConvertFrom-CmdletHelpMarkdown $path } | Should -Throw -ExpectedMessage 'Reset-Card.md:12:*'
    }

    It 'requires the file name to match the cmdlet' {
        $path = New-HelpFile 'Reset-Card' "## SYNOPSIS`nx`n"
        $other = Join-Path $TestDrive 'Other-Name.md'
        Move-Item $path $other -Force
        { ConvertFrom-CmdletHelpMarkdown $other } | Should -Throw -ExpectedMessage "*must be named 'Reset-Card.md'*"
    }
}

Describe 'ConvertTo-MamlHelp' {
    BeforeAll {
        $help = ConvertFrom-CmdletHelpMarkdown (New-HelpFile 'Reset-Card' $resetBody)
        $script:mamlPath = Join-Path $TestDrive 'en-US/Fixture.dll-Help.xml'
        ConvertTo-MamlHelp -Help $help -OutputPath $mamlPath | Out-Null
        $script:maml = [xml](Get-Content $mamlPath -Raw)
    }

    It 'writes a helpItems root with schema="maml" and one command' {
        $maml.helpItems.schema | Should -Be 'maml'
        $maml.DocumentElement.NamespaceURI | Should -Be 'http://msh'
        (Select-Maml $maml '//command:command').Count | Should -Be 1
        (Select-Maml $maml '//command:details/command:verb').InnerText | Should -Be 'Reset'
        (Select-Maml $maml '//command:details/command:noun').InnerText | Should -Be 'Card'
    }

    It 'rebuilds SYNTAX from the parameters: the default set first, (All) parameters in every set, positional first' {
        $items = @(Select-Maml $maml '//command:syntax/command:syntaxItem')
        $items.Count | Should -Be 2
        $first = @($items[0].parameter | ForEach-Object { $_.name })
        $second = @($items[1].parameter | ForEach-Object { $_.name })
        $first | Should -Be @('Card', 'Force', 'Disposition')
        $second | Should -Be @('Reader', 'Force', 'Disposition')
    }

    It 'maps the yaml onto attributes' {
        $card = Select-Maml $maml '//command:syntax/command:syntaxItem[1]/command:parameter[maml:name="Card"]'
        $card.required | Should -Be 'true'
        $card.position | Should -Be '0'
        $card.aliases | Should -Be 'none'
        $card.pipelineInput | Should -Be 'false'
        $card.globbing | Should -Be 'false'
        $force = Select-Maml $maml '//command:parameters/command:parameter[maml:name="Force"]'
        $force.position | Should -Be 'named'
        $force.defaultValue | Should -Be 'False'
    }

    It 'leaves the value out of a switch in SYNTAX only, and lists accepted values' {
        Select-Maml $maml '//command:syntaxItem/command:parameter[maml:name="Force"]/command:parameterValue' | Should -BeNullOrEmpty
        (Select-Maml $maml '//command:parameters/command:parameter[maml:name="Force"]/command:parameterValue').InnerText | Should -Be 'SwitchParameter'
        (Select-Maml $maml '//command:parameters/command:parameter[maml:name="Disposition"]/command:parameterValueGroup/command:parameterValue').InnerText | Should -Be @('Reset', 'Unpower')
    }

    It 'escapes XML and keeps the text' {
        (Select-Maml $maml '//command:parameters/command:parameter[maml:name="Card"]/maml:description/maml:para').InnerText | Should -Be 'About Card & <co>.'
        Get-Content $mamlPath -Raw | Should -Match '&amp; &lt;co&gt;'
    }

    It 'writes examples with code blocks joined, and the text before and after them as remarks' {
        $example = Select-Maml $maml '//command:example'
        $example.title | Should -Match '^-+ Example 1: Reset one -+$'
        $example.code | Should -Be "Reset-Card -Card `$c`n`ndone"
        $example.remarks.para | Should -Be @('Before the code.', 'After the code.')
        Select-Maml $maml '//maml:introduction' | Should -BeNullOrEmpty
    }

    It 'puts the online version first among the links, with relative links left without a URI' {
        $links = @(Select-Maml $maml '//maml:navigationLink')
        $links.linkText | Should -Be @('Online Version:', 'Get-Card', 'PC/SC')
        $links.uri | Should -Be @('https://example.org/Reset-Card', '', 'https://pcscworkgroup.com/')
    }

    It 'writes inputs, outputs and notes' {
        (Select-Maml $maml '//command:inputType/dev:type/maml:name').InnerText | Should -Be 'System.String'
        (Select-Maml $maml '//command:returnValue/dev:type/maml:name').InnerText | Should -Be 'None'
        (Select-Maml $maml '//maml:alertSet/maml:alert/maml:para').InnerText | Should -Be 'A note.'
    }

    It 'is MAML that Get-Help renders (a function that points at it with .ExternalHelp, in a new pwsh)' {
        $rendered = Invoke-IsolatedPwsh -NoModule -ScriptBlock ([scriptblock]::Create(@"
function Reset-Card {
    # .ExternalHelp $mamlPath
    [CmdletBinding(DefaultParameterSetName = 'Card')]
    param([Parameter(ParameterSetName = 'Card')] `$Card, [Parameter(ParameterSetName = 'Reader')] `$Reader, [switch] `$Force, `$Disposition)
}
Get-Help Reset-Card -Full | Out-String -Width 200
"@))
        $rendered | Should -Match 'Resets a card\.'
        $rendered | Should -Match 'First paragraph wrapped on two lines\.'
        $rendered | Should -Match 'Reset-Card \[-Card\] <PcscCard\[\]> \[-Force\] \[-Disposition \{Reset \| Unpower\}\] \[<CommonParameters>\]\s+Reset-Card \[-Reader\]'
        $rendered | Should -Match '(?s)Example 1: Reset one.*Reset-Card -Card \$c\s+done\s+Before the code\.\s+After the code\.'
    }
}

Describe 'ConvertTo-AboutHelpText' {
    It 'writes TOPIC, capital headings, text wrapped at 80 columns, list items and verbatim code' {
        $source = Join-Path $TestDrive 'about_Fixture.md'
        $long = ('word ' * 40).Trim()
        Set-Content $source "# about_Fixture`n`n## SHORT DESCRIPTION`n$long`n`n- item one`n- item two`n`n```````n  code  stays`n```````n"
        $out = ConvertTo-AboutHelpText -Path $source -OutputPath (Join-Path $TestDrive 'en-US/about_Fixture.help.txt')
        $lines = Get-Content $out
        $lines[0..1] | Should -Be @('TOPIC', '    about_Fixture')
        $lines | Should -Contain 'SHORT DESCRIPTION'
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        $lines | Should -Contain '    - item one'
        $lines | Should -Contain '    - item two'
        $lines | Should -Contain '          code  stays'
    }

    It 'rejects a file not named about_<Topic>.md' {
        $source = Join-Path $TestDrive 'Fixture.md'
        Set-Content $source "# Fixture`n"
        { ConvertTo-AboutHelpText -Path $source -OutputPath (Join-Path $TestDrive 'x.txt') } | Should -Throw -ErrorId 'InvalidHelpMarkdown'
    }
}
