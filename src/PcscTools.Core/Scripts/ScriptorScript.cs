namespace PcscTools.Scripts;

/// <summary>
/// A script in pcsc-tools' scriptor format, read the way scriptor reads it: one APDU per line in hex (with or without
/// spaces), a trailing backslash continues a command on the next line, lines starting with # are comments, a line
/// holding "reset" resets the card, and a line holding "exit" ends the script (scriptor checks both words anywhere on
/// the line, before comments, so "# exit" ends it too). PcscTools adds two things scriptor would reject: a leading
/// "&gt;" on a command is ignored, and a "&lt; …" line after a command gives the response it must get, so a scriptor
/// transcript can be replayed as a test.
/// The whole script is read before anything runs, so a typo on line 40 does not leave a card half personalised.
/// </summary>
public sealed class ScriptorScript
{
    private ScriptorScript(string? source, IReadOnlyList<ScriptStep> steps, int? exitLine, IReadOnlyList<ScriptLineError> errors)
    {
        Source = source;
        Steps = steps;
        ExitLine = exitLine;
        Errors = errors;
    }

    /// <summary>The file it came from; null for text.</summary>
    public string? Source { get; }

    public IReadOnlyList<ScriptStep> Steps { get; }

    /// <summary>The line whose "exit" ended the script; null when it runs to its end.</summary>
    public int? ExitLine { get; }

    /// <summary>Lines that are not valid; a script with errors should not be run.</summary>
    public IReadOnlyList<ScriptLineError> Errors { get; }

    public static ScriptorScript Load(string path) => Parse(File.ReadAllText(path), path);

    public static ScriptorScript Parse(string text, string? source = null)
    {
        var steps = new List<ScriptStep>();
        var errors = new List<ScriptLineError>();
        var pending = new List<byte>();
        var pendingLine = 0;
        int? exitLine = null;
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var number = index + 1;
            var line = lines[index].TrimEnd('\r');
            if (line.Contains("exit", StringComparison.OrdinalIgnoreCase))
            {
                exitLine = number;
                break;
            }
            var body = line.Trim();
            if (body.Length == 0 || body.StartsWith('#'))
            {
                continue;
            }
            if (body.StartsWith('<'))
            {
                AttachExpected(steps, errors, number, line, body[1..], pending.Count > 0);
                continue;
            }
            if (line.Contains("reset", StringComparison.OrdinalIgnoreCase))
            {
                steps.Add(new ScriptReset(number));
                continue;
            }
            if (body.StartsWith('>'))
            {
                body = body[1..].TrimStart();
            }
            var continued = body.EndsWith('\\');
            if (continued)
            {
                body = body[..^1].TrimEnd();
            }
            if (!TryParseBytes(body, out var bytes, out var problem))
            {
                errors.Add(new ScriptLineError(number, line, problem!));
                pending.Clear();
                continue;
            }
            if (pending.Count == 0)
            {
                pendingLine = number;
            }
            pending.AddRange(bytes);
            if (!continued && pending.Count > 0)
            {
                steps.Add(new ScriptCommand(pendingLine, pending.ToArray(), null));
                pending.Clear();
            }
        }
        if (pending.Count > 0)
        {
            errors.Add(new ScriptLineError(pendingLine, lines[pendingLine - 1].TrimEnd('\r'), "the command ends in '\\' but no line continues it"));
        }
        return new ScriptorScript(source, steps, exitLine, errors);
    }

    private static void AttachExpected(List<ScriptStep> steps, List<ScriptLineError> errors, int number, string line, string pattern, bool commandPending)
    {
        if (commandPending || steps.Count == 0 || steps[^1] is not ScriptCommand { Expected: null } command)
        {
            errors.Add(new ScriptLineError(number, line, "an expected response ('<' line) must directly follow a command"));
            return;
        }
        var expected = ExpectedResponse.Parse(number, pattern, out var problem);
        if (expected is null)
        {
            errors.Add(new ScriptLineError(number, line, problem!));
            return;
        }
        steps[^1] = new ScriptCommand(command.LineNumber, command.Apdu.ToArray(), expected);
    }

    /// <summary>Hex bytes as scriptor takes them (two digits each, separated by spaces, or unbroken runs of digit pairs), with any whitespace.</summary>
    private static bool TryParseBytes(string body, out byte[] bytes, out string? problem)
    {
        bytes = [];
        var result = new List<byte>();
        foreach (var token in body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.Length > 2 && token.Length % 2 == 1)
            {
                problem = $"'{token}' has an odd number of hex digits; every byte needs two";
                return false;
            }
            for (var at = 0; at < token.Length; at += 2)
            {
                var pair = token.Substring(at, Math.Min(2, token.Length - at));
                if (ExpectedResponse.HexByte(pair) is not byte one)
                {
                    problem = $"'{pair}' is not a hex byte (write APDUs as hex pairs, e.g. 00 A4 04 00 or 00A40400)";
                    return false;
                }
                result.Add(one);
            }
        }
        bytes = result.ToArray();
        problem = null;
        return true;
    }
}
