using PcscTools.Sandboxes;

namespace PcscTools.Tests.Sandboxes;

/// <summary>Sandbox markers laid out under a test folder standing for "/", with a test environment.</summary>
public sealed class SandboxDetectorTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("pcsctools-root-");
    private readonly Dictionary<string, string> _environment = [];

    public void Dispose() => _root.Delete(recursive: true);

    private Sandbox Detect() => SandboxDetector.Detect(_root.FullName, name => _environment.GetValueOrDefault(name));

    private void Write(string path, string text)
    {
        var full = Path.Combine(_root.FullName, path.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    [Fact]
    public void Nothing_is_no_sandbox() => Assert.Equal(Sandbox.None, Detect());

    [Fact]
    public void A_flatpak_info_file_is_flatpak_with_its_app_id()
    {
        Write("/.flatpak-info", "[Application]\nname=org.example.Signer\nruntime=runtime/org.freedesktop.Platform/x86_64/23.08\n\n[Instance]\nflatpak-version=1.14.4\n\n[Context]\nsockets=pcsc;\n");
        Assert.Equal(new Sandbox(SandboxKind.Flatpak, "org.example.Signer"), Detect());
    }

    [Fact]
    public void The_flatpak_container_manager_file_is_flatpak()
    {
        Write("/run/host/container-manager", "flatpak\n");
        _environment["FLATPAK_ID"] = "org.example.Other";
        Assert.Equal(new Sandbox(SandboxKind.Flatpak, "org.example.Other"), Detect());
    }

    [Fact]
    public void SNAP_NAME_is_a_snap()
    {
        _environment["SNAP_NAME"] = "signer";
        Assert.Equal(new Sandbox(SandboxKind.Snap, "signer"), Detect());
    }

    [Fact]
    public void SNAP_alone_is_a_snap_named_by_its_mount_point()
    {
        _environment["SNAP"] = "/snap/signer/42";
        Assert.Equal(new Sandbox(SandboxKind.Snap, "signer"), Detect());
    }

    [Theory]
    [InlineData("/.dockerenv", "docker")]
    [InlineData("/run/.containerenv", "podman")]
    public void A_container_engine_marker_is_a_container(string marker, string engine)
    {
        Write(marker, "");
        Assert.Equal(new Sandbox(SandboxKind.Container, engine), Detect());
    }

    [Fact]
    public void A_container_manager_other_than_flatpak_is_a_container()
    {
        Write("/run/host/container-manager", "toolbox\n");
        Assert.Equal(new Sandbox(SandboxKind.Container, "toolbox"), Detect());
    }

    [Fact]
    public void The_container_variable_is_a_container()
    {
        _environment["container"] = "systemd-nspawn";
        Assert.Equal(new Sandbox(SandboxKind.Container, "systemd-nspawn"), Detect());
    }
}
