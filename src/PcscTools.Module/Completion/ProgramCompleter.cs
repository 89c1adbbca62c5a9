using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PcscTools.Module.Completion;

/// <summary>Completes a program to run: names of programs on PATH, or file paths once a '/' is typed.</summary>
public sealed class ProgramCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        wordToComplete.Contains('/')
            ? CompletionCompleters.CompleteFilename(wordToComplete)
            : CompletionCompleters.CompleteCommand(wordToComplete, null, CommandTypes.Application);
}
