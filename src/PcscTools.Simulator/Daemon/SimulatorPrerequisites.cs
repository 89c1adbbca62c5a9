namespace PcscTools.Simulator.Daemon;

/// <summary>Finds the programs a private pcscd needs, and says what to install when one is missing.</summary>
public static class SimulatorPrerequisites
{
    public const string VpcdDriver = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";

    /// <summary>Throws <see cref="SimulatorUnavailableException"/> listing everything that is missing.</summary>
    public static (string Pcscd, string Unshare) Check()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new SimulatorUnavailableException("The PC/SC simulator runs pcscd in a Linux mount namespace; it is available on Linux only.");
        }
        var problems = new List<string>();
        var pcscd = FindProgram("pcscd", "/usr/sbin", "/sbin", "/usr/local/sbin");
        if (pcscd is null)
        {
            problems.Add("pcscd is not installed (Debian/Ubuntu: 'sudo apt-get install pcscd')");
        }
        if (!File.Exists(VpcdDriver))
        {
            problems.Add($"the vpcd reader driver ({VpcdDriver}) is not installed (Debian/Ubuntu: 'sudo apt-get install vsmartcard-vpcd')");
        }
        var unshare = FindProgram("unshare", "/usr/bin", "/bin");
        if (unshare is null)
        {
            problems.Add("unshare is not installed (Debian/Ubuntu: 'sudo apt-get install util-linux')");
        }
        if (!IsRoot && UserNamespaceProblem(ReadSetting) is { } privileges)
        {
            problems.Add(privileges);
        }
        if (problems.Count > 0)
        {
            throw new SimulatorUnavailableException("The PC/SC simulator cannot start: " + string.Join("; ", problems) + ".");
        }
        return (pcscd!, unshare!);
    }

    /// <summary>Root can make a mount namespace directly; anyone else needs an unprivileged user namespace too.</summary>
    public static bool IsRoot => Environment.UserName == "root" || geteuid() == 0;

    /// <summary>Why this kernel refuses an unprivileged user namespace (which a non-root simulator needs), or null; <paramref name="read"/> reads a /proc/sys setting.</summary>
    internal static string? UserNamespaceProblem(Func<string, string?> read)
    {
        if (read("/proc/sys/kernel/unprivileged_userns_clone") == "0")
        {
            return "this kernel disallows unprivileged user namespaces, which a simulator needs when not run as root (run as root, or 'sudo sysctl kernel.unprivileged_userns_clone=1')";
        }
        if (read("/proc/sys/user/max_user_namespaces") == "0")
        {
            return "user namespaces are disabled (user.max_user_namespaces is 0); run as root, or 'sudo sysctl user.max_user_namespaces=10000'";
        }
        if (read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == "1")
        {
            return "AppArmor restricts unprivileged user namespaces, which a simulator needs when not run as root (run as root, or 'sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0')";
        }
        return null;
    }

    private static string? ReadSetting(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;

    private static string? FindProgram(string name, params string[] extraFolders)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(extraFolders)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
