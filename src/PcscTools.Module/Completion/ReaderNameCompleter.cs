using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PcscTools.Contexts;
using PcscTools.Errors;

namespace PcscTools.Module.Completion;

/// <summary>Completes reader names from the live daemon, quoting names that hold spaces.</summary>
public sealed class ReaderNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string[] names;
        try
        {
            using var context = PcscContext.Establish();
            names = context.ListReaders();
        }
        catch (PcscException)
        {
            // Completion must never fail loudly: no daemon simply means nothing to offer.
            return Array.Empty<CompletionResult>();
        }
        return Matching(names, wordToComplete);
    }

    /// <summary>The names that start with what was typed (quotes and case ignored), quoted where they need it.</summary>
    internal static CompletionResult[] Matching(IEnumerable<string> names, string wordToComplete)
    {
        var typed = wordToComplete.Trim('\'', '"');
        var pattern = WildcardPattern.Get(WildcardPattern.Escape(typed) + "*", WildcardOptions.IgnoreCase);
        return names.Where(pattern.IsMatch).Select(name => new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name)).ToArray();
    }

    private static string Quote(string name) =>
        name.IndexOfAny([' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',', '&', '@', '#']) >= 0
            ? "'" + name.Replace("'", "''") + "'"
            : name;
}
