using System.Runtime.InteropServices;

namespace PcscTools.Tracing;

/// <summary>Where pcsc-lite's spy (libpcscspy, from Debian's libpcsclite-dev) and the real libpcsclite it forwards to are installed.</summary>
public sealed record SpyInstallation(string SpyLibrary, string ClientLibrary)
{
    /// <summary>The first library folder holding both; a clear error when the spy is not installed.</summary>
    public static SpyInstallation Find()
    {
        var triplet = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x86_64-linux-gnu",
            Architecture.Arm64 => "aarch64-linux-gnu",
            Architecture.Arm => "arm-linux-gnueabihf",
            _ => "",
        };
        string[] folders = [$"/usr/lib/{triplet}", $"/lib/{triplet}", "/usr/lib64", "/usr/lib", "/usr/local/lib"];
        foreach (var folder in folders)
        {
            var spy = Path.Combine(folder, "libpcscspy.so.0");
            var client = Path.Combine(folder, "libpcsclite.so.1");
            if (File.Exists(spy) && File.Exists(client))
            {
                return new SpyInstallation(spy, client);
            }
        }
        throw new TraceSetupException(
            "pcsc-lite's spy library (libpcscspy.so.0) was not found next to libpcsclite.so.1. Install it: 'sudo apt-get install libpcsclite-dev' on Debian and Ubuntu.");
    }
}
