using PcscTools.Simulator.Daemon;

namespace PcscTools.Tests.Simulator;

public sealed class SimulatorPrerequisitesTests
{
    [Theory]
    [InlineData("/proc/sys/kernel/unprivileged_userns_clone", "0", "kernel.unprivileged_userns_clone=1")]
    [InlineData("/proc/sys/user/max_user_namespaces", "0", "user.max_user_namespaces")]
    [InlineData("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1", "apparmor_restrict_unprivileged_userns=0")]
    public void Names_the_setting_that_refuses_user_namespaces_and_the_fix(string setting, string value, string fix)
    {
        var problem = SimulatorPrerequisites.UserNamespaceProblem(path => path == setting ? value : null);
        Assert.NotNull(problem);
        Assert.Contains(fix, problem);
        Assert.Contains("run as root", problem);
    }

    [Fact]
    public void Has_no_complaint_when_user_namespaces_are_allowed()
    {
        var settings = new Dictionary<string, string>
        {
            ["/proc/sys/kernel/unprivileged_userns_clone"] = "1",
            ["/proc/sys/user/max_user_namespaces"] = "15000",
            ["/proc/sys/kernel/apparmor_restrict_unprivileged_userns"] = "0",
        };
        Assert.Null(SimulatorPrerequisites.UserNamespaceProblem(path => settings.GetValueOrDefault(path)));
        Assert.Null(SimulatorPrerequisites.UserNamespaceProblem(_ => null));
    }
}
