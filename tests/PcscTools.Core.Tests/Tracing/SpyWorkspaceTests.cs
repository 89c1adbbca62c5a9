using System.Runtime.Versioning;
using PcscTools.Tracing;

namespace PcscTools.Tests.Tracing;

/// <summary>Where the spy's stream is made to go: a link at the spy's own path, kept out of the way of the user's files.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SpyWorkspaceTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("pcsctools-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private string SpyPath => Path.Combine(_home, "pcsc-spy");

    [Fact]
    public void The_spy_path_links_to_a_private_fifo_for_as_long_as_the_trace_lasts()
    {
        using (var workspace = SpyWorkspace.Create(SpyInstallation.Find(), _home))
        {
            Assert.Null(workspace.HomeOverride);
            Assert.Equal(workspace.Fifo, new FileInfo(SpyPath).LinkTarget);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(workspace.Folder));
            Assert.True(File.Exists(Path.Combine(workspace.LibraryFolder, "libpcsclite_nospy.so.1")));
        }
        Assert.False(File.Exists(SpyPath) || new FileInfo(SpyPath).LinkTarget is not null);
    }

    [Fact]
    public void A_link_left_by_a_dead_trace_is_replaced()
    {
        File.CreateSymbolicLink(SpyPath, "/tmp/pcsctools-trace-2147483646-deadbeef/pcsc-spy");
        using var workspace = SpyWorkspace.Create(SpyInstallation.Find(), _home);
        Assert.Null(workspace.HomeOverride);
        Assert.Equal(workspace.Fifo, new FileInfo(SpyPath).LinkTarget);
    }

    [Fact]
    public void A_file_of_the_user_is_left_alone_and_the_program_gets_the_private_folder_as_home()
    {
        File.WriteAllText(SpyPath, "mine");
        using var workspace = SpyWorkspace.Create(SpyInstallation.Find(), _home);
        Assert.Equal(workspace.Folder, workspace.HomeOverride);
        Assert.Contains("already exists", workspace.HomeOverrideReason);
        Assert.Equal("mine", File.ReadAllText(SpyPath));
    }
}
