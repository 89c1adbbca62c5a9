using PcscTools.Sandboxes;

namespace PcscTools.Access;

/// <summary>
/// Why polkit likely does not count this process as a client of an active local session (the only clients
/// pcscd's default policy admits): a sandbox, an SSH session, a service, or no login session at all.
/// </summary>
public static class SessionOrigin
{
    public static string Describe() => Describe(SandboxDetector.Detect(), Environment.GetEnvironmentVariable);

    public static string Describe(Sandbox sandbox, Func<string, string?> environment)
    {
        var reasons = new List<string>();
        if (Set(environment, "SSH_CONNECTION") || Set(environment, "SSH_CLIENT") || Set(environment, "SSH_TTY"))
        {
            reasons.Add("this is an SSH session, and polkit counts only active local (desktop or console) sessions");
        }
        if (Set(environment, "INVOCATION_ID") || Set(environment, "JOURNAL_STREAM"))
        {
            reasons.Add("this process runs as a systemd service, which is in no active local session");
        }
        if (sandbox.Kind != SandboxKind.None)
        {
            reasons.Add($"this process runs in a {sandbox.Kind.ToString().ToLowerInvariant()}{(sandbox.Name is null ? "" : $" ({sandbox.Name})")}, which polkit does not count as an active local session");
        }
        if (reasons.Count == 0)
        {
            reasons.Add(Set(environment, "XDG_SESSION_ID")
                ? $"its login session ({environment("XDG_SESSION_ID")}) is not an active local session to polkit (remote, inactive, or on another seat)"
                : "this process is in no login session (a service, cron job, CI runner, or a shell started with su, sudo or setpriv)");
        }
        return string.Join("; and ", reasons);
    }

    private static bool Set(Func<string, string?> environment, string name) => environment(name) is { Length: > 0 };
}
