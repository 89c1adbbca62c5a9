using System.Reflection;
using System.Text.RegularExpressions;

namespace PcscTools.Tests.Architecture;

/// <summary>
/// Each folder of a project is one concept and its namespace: a file's namespace is its folder's, and the folders depend on
/// one another without a cycle, so every concept can be read from the bottom (Bytes, Errors) up without meeting a later one.
/// Read from the sources, which the build names (see the project file), so that a file added in the wrong place fails here.
/// </summary>
public sealed class FolderLayeringTests
{
    [Theory]
    [InlineData("PcscTools.Core", "PcscTools")]
    [InlineData("PcscTools.Module", "PcscTools.Module")]
    [InlineData("PcscTools.Simulator", "PcscTools.Simulator")]
    public void EveryFileIsInItsFoldersNamespace(string project, string rootNamespace)
    {
        var misplaced = SourceFiles(project)
            .Select(file => (file.Path, Expected: NamespaceOf(rootNamespace, file.Path), Actual: DeclaredNamespace(file.Text)))
            .Where(file => file.Actual != file.Expected)
            .Select(file => $"{file.Path}: namespace {file.Actual}, folder says {file.Expected}")
            .ToList();
        Assert.True(misplaced.Count == 0, string.Join(Environment.NewLine, misplaced));
    }

    [Theory]
    [InlineData("PcscTools.Core", "PcscTools")]
    [InlineData("PcscTools.Module", "PcscTools.Module")]
    public void FoldersDependOnEachOtherWithoutACycle(string project, string rootNamespace)
    {
        var graph = FolderGraph(project, rootNamespace);
        Assert.True(graph.Count > 5, $"Too few folders read from {SourceRoot(project)}: the test would prove nothing.");
        var cycle = FindCycle(graph);
        Assert.True(cycle is null, $"Folders of {project} depend on each other in a circle: {string.Join(" → ", cycle ?? [])}. Move the shared piece down into the lower folder.");
    }

    [Fact]
    public void ACycleIsFound()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["Bytes"] = [],
            ["Apdu"] = ["Bytes", "Sessions"],
            ["Sessions"] = ["Apdu"],
        };
        Assert.Equal(["Apdu", "Sessions", "Apdu"], FindCycle(graph));
        graph["Sessions"].Clear();
        Assert.Null(FindCycle(graph));
    }

    private static Dictionary<string, HashSet<string>> FolderGraph(string project, string rootNamespace)
    {
        var files = SourceFiles(project).Where(file => file.Folder is not null).ToList();
        var folders = files.Select(file => file.Folder!).ToHashSet();
        var graph = folders.ToDictionary(folder => folder, _ => new HashSet<string>());
        var reference = new Regex(Regex.Escape(rootNamespace) + @"\.(\w+)\b");
        foreach (var file in files)
        {
            foreach (Match match in reference.Matches(file.Text))
            {
                var named = match.Groups[1].Value;
                if (named != file.Folder && folders.Contains(named))
                {
                    graph[file.Folder!].Add(named);
                }
            }
        }
        return graph;
    }

    /// <summary>A path of folders that comes back to its start, or null.</summary>
    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        List<string>? Visit(string folder)
        {
            var at = path.IndexOf(folder);
            if (at >= 0)
            {
                return [.. path.Skip(at), folder];
            }
            if (!done.Add(folder))
            {
                return null;
            }
            path.Add(folder);
            foreach (var next in graph[folder].Order(StringComparer.Ordinal))
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }
            path.RemoveAt(path.Count - 1);
            return null;
        }
        foreach (var folder in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(folder) is { } cycle)
            {
                return cycle;
            }
        }
        return null;
    }

    /// <summary>The root namespace followed by the file's folders, outermost first.</summary>
    private static string NamespaceOf(string rootNamespace, string relativePath) =>
        string.Join('.', [rootNamespace, .. Path.GetDirectoryName(relativePath)!.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)]);

    private static string? DeclaredNamespace(string text) => Regex.Match(text, @"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline) is { Success: true } match ? match.Groups[1].Value : null;

    private static IEnumerable<(string Path, string? Folder, string Text)> SourceFiles(string project)
    {
        var root = SourceRoot(project);
        Assert.True(Directory.Exists(root), $"The sources of {project} are not at {root}.");
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(path => (Relative: Path.GetRelativePath(root, path), Path: path))
            .Where(file => !file.Relative.StartsWith("obj" + Path.DirectorySeparatorChar) && !file.Relative.StartsWith("bin" + Path.DirectorySeparatorChar))
            .Select(file => (file.Relative, file.Relative.Contains(Path.DirectorySeparatorChar) ? file.Relative.Split(Path.DirectorySeparatorChar)[0] : null, File.ReadAllText(file.Path)));
    }

    private static string SourceRoot(string project) =>
        Path.Combine(typeof(FolderLayeringTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SourceRoot").Value!, "src", project);
}
