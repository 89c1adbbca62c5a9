using System.Text;

namespace PcscTools.Access;

/// <summary>A polkit rules file that lets one user (and, for access_card, optionally one reader only) use pcscd.</summary>
public sealed record PolkitRule(string User, string? Reader)
{
    public const string RulesFolder = "/etc/polkit-1/rules.d";

    /// <summary>Where the administrator puts it; polkitd reads the folder again as soon as it changes.</summary>
    public string Path => $"{RulesFolder}/50-pcscd-{SafeName(User)}.rules";

    /// <summary>The rule: both actions for the user, or access_card for that reader alone.</summary>
    public string Text
    {
        get
        {
            var who = $"subject.user == {Js(User)}";
            var condition = Reader is null
                ? $"(action.id == {Js(PolkitAction.AccessPcsc)} || action.id == {Js(PolkitAction.AccessCard)}) && {who}"
                : $"action.id == {Js(PolkitAction.AccessCard)} && action.lookup({Js(PolkitAction.ReaderDetail)}) == {Js(Reader)} && {who}";
            return $"polkit.addRule(function(action, subject) {{\n    if ({condition}) {{\n        return polkit.Result.YES;\n    }}\n}});\n";
        }
    }

    /// <summary>A shell command that writes the file, for an administrator to paste.</summary>
    public string InstallCommand => $"sudo tee {Path} >/dev/null <<'EOF'\n{Text}EOF";

    private static string SafeName(string user) =>
        new(user.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());

    /// <summary>A JavaScript string literal.</summary>
    private static string Js(string text)
    {
        var literal = new StringBuilder("\"");
        foreach (var c in text)
        {
            literal.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return literal.Append('"').ToString();
    }
}
