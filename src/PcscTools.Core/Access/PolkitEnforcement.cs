using System.Text;

namespace PcscTools.Access;

/// <summary>Whether pcscd enforces polkit: its program links libpolkit-gobject-1 (pcscd -v of 1.9.9 does not say), where this user can read it.</summary>
public static class PolkitEnforcement
{
    private static readonly byte[] PolkitLibrary = Encoding.ASCII.GetBytes("libpolkit-gobject-1");

    /// <summary>Whether pcscd's program links polkit, and how that was learnt or why it could not be.</summary>
    public static (bool? Enforced, string How) Of(ClientSurvey survey)
    {
        if (survey.DaemonProcessId is not { } pid)
        {
            var policy = File.Exists(PolkitAction.PolicyPath) ? "is installed here" : "is not installed here";
            return (null, $"Whether pcscd uses polkit cannot be seen: {string.Join(" ", survey.Unseen)} Its polkit policy ({PolkitAction.PolicyPath}) {policy}.");
        }
        try
        {
            var program = File.ReadAllBytes($"/proc/{pid}/exe");
            return program.AsSpan().IndexOf(PolkitLibrary) >= 0
                ? (true, $"pcscd (PID {pid}) is built with polkit: its program links libpolkit-gobject-1.")
                : (false, $"pcscd (PID {pid}) is built without polkit: it refuses no one through it.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"pcscd's program (PID {pid}) cannot be read by this user, so whether it uses polkit cannot be seen ({e.Message}).");
        }
    }
}
