namespace PcscTools.Sandboxes;

/// <summary>
/// Tells from the markers sandboxes leave whether this process runs in one. The file system root and the
/// environment are parameters, so that tests can lay out the markers without a real sandbox.
/// </summary>
public static class SandboxDetector
{
    /// <summary>Detects the sandbox of this process.</summary>
    public static Sandbox Detect() => Detect("/", Environment.GetEnvironmentVariable);

    /// <param name="root">The folder to read markers under, "/" for this process.</param>
    /// <param name="environment">Reads an environment variable.</param>
    public static Sandbox Detect(string root, Func<string, string?> environment)
    {
        string Under(string path) => Path.Combine(root, path.TrimStart('/'));

        // flatpak writes /.flatpak-info into every sandbox ([Application] name=<app id>); FLATPAK_ID since 1.1.2.
        var flatpakInfo = Under("/.flatpak-info");
        if (File.Exists(flatpakInfo))
        {
            return new(SandboxKind.Flatpak, FlatpakAppId(flatpakInfo) ?? environment("FLATPAK_ID"));
        }
        // snapd sets SNAP_NAME (and SNAP, the snap's mount point) for every app it runs.
        if (environment("SNAP_NAME") is { Length: > 0 } snap)
        {
            return new(SandboxKind.Snap, snap);
        }
        if (environment("SNAP") is { Length: > 0 } snapPath)
        {
            return new(SandboxKind.Snap, Path.GetFileName(Path.GetDirectoryName(snapPath.TrimEnd('/'))));
        }
        // Container managers: /run/host/container-manager (flatpak ≥ 1.9.1, toolbox), /run/.containerenv (podman),
        // /.dockerenv (docker), and the 'container' variable (systemd-nspawn, podman, lxc).
        var manager = Under("/run/host/container-manager");
        if (File.Exists(manager))
        {
            var name = File.ReadAllText(manager).Trim();
            return name == "flatpak" ? new(SandboxKind.Flatpak, environment("FLATPAK_ID")) : new(SandboxKind.Container, name);
        }
        if (File.Exists(Under("/run/.containerenv")))
        {
            return new(SandboxKind.Container, "podman");
        }
        if (File.Exists(Under("/.dockerenv")))
        {
            return new(SandboxKind.Container, "docker");
        }
        if (environment("container") is { Length: > 0 } container)
        {
            return container == "flatpak" ? new(SandboxKind.Flatpak, environment("FLATPAK_ID")) : new(SandboxKind.Container, container);
        }
        return Sandbox.None;
    }

    private static string? FlatpakAppId(string infoFile)
    {
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadAllLines(infoFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        string? section = null;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1];
            }
            else if (section == "Application" && line.StartsWith("name=", StringComparison.Ordinal))
            {
                return line["name=".Length..].Trim();
            }
        }
        return null;
    }
}
