using System.Diagnostics;
using System.ComponentModel;

namespace PcscTools.Access;

/// <summary>
/// Asks polkit for the verdict on this process through pkcheck, the way pcscd asks it, within a time bound:
/// a pkcheck that is missing, hangs or answers something unreadable gives <see cref="PolkitVerdict.Unknown"/>, never a hang.
/// </summary>
public sealed class PolkitAuthority(string? pkcheck = null, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(3);

    /// <summary>pkcheck from PATH, else /usr/bin; null when there is none.</summary>
    public static string? FindPkcheck() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(folder => Path.Combine(folder, "pkcheck"))
            .FirstOrDefault(File.Exists);

    /// <summary>The verdict for <paramref name="action"/> on process <paramref name="processId"/> (default: this one), for one reader when given.</summary>
    public PolkitAnswer Check(string action, string? reader = null, int? processId = null)
    {
        var program = pkcheck ?? FindPkcheck();
        if (program is null || !File.Exists(program))
        {
            return new(action, reader, PolkitVerdict.Unknown, "pkcheck is not installed here, so polkit could not be asked (Debian/Ubuntu: polkitd or pkexec provides it)");
        }
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in new[] { "--action-id", action, "--process", (processId ?? Environment.ProcessId).ToString() })
        {
            start.ArgumentList.Add(argument);
        }
        if (reader is not null)
        {
            start.ArgumentList.Add("--detail");
            start.ArgumentList.Add(PolkitAction.ReaderDetail);
            start.ArgumentList.Add(reader);
        }
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception e)
        {
            return new(action, reader, PolkitVerdict.Unknown, $"pkcheck ('{program}') could not be started: {e.Message}");
        }
        if (process is null)
        {
            return new(action, reader, PolkitVerdict.Unknown, $"pkcheck ('{program}') could not be started");
        }
        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(_timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return new(action, reader, PolkitVerdict.Unknown, $"pkcheck did not answer within {_timeout.TotalSeconds:0.#} s (polkitd or the system bus is not responding)");
            }
            process.WaitForExit();
            var said = FirstLine(error.Result) ?? FirstLine(output.Result);
            return Read(action, reader, process.ExitCode, said);
        }
    }

    /// <summary>pkcheck's exit codes: 0 authorised, 1 not, 2 only after authentication, 3 dismissed, 127 an error.</summary>
    internal static PolkitAnswer Read(string action, string? reader, int exitCode, string? said) => exitCode switch
    {
        0 => new(action, reader, PolkitVerdict.Allowed, "pkcheck: authorized"),
        _ when said?.Contains("Only trusted callers", StringComparison.Ordinal) == true =>
            new(action, reader, PolkitVerdict.Unknown, "polkit answers about one reader to root only"),
        1 => new(action, reader, PolkitVerdict.Denied, "pkcheck: not authorized"),
        2 or 3 => new(action, reader, PolkitVerdict.NeedsAuthentication, "pkcheck: authorized only after authentication, which pcscd never asks for"),
        _ => new(action, reader, PolkitVerdict.Unknown, $"polkit's answer could not be read (pkcheck exited with {exitCode}{Quote(said)})"),
    };

    private static string Quote(string? said) => said is null ? "" : $": '{said}'";

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
