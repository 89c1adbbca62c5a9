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
        if (problems.Count > 0)
        {
            throw new SimulatorUnavailableException("The PC/SC simulator cannot start: " + string.Join("; ", problems) + ".");
        }
        return (pcscd!, unshare!);
    }

    /// <summary>Root can make a mount namespace directly; anyone else needs an unprivileged user namespace too.</summary>
    public static bool IsRoot => Environment.UserName == "root" || geteuid() == 0;

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
