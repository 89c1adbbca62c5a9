using PcscTools.Bytes;

namespace PcscTools.Simulator.VirtualCard;

/// <summary>
/// A small ISO 7816-4 file system: a master file (3F00) and one application, each holding transparent EFs.
/// Contents persist across resets; only the current selection is volatile.
/// </summary>
public sealed class CardFileSystem
{
    public const ushort MasterFile = 0x3F00;

    /// <summary>The built-in application's AID: F0 (proprietary) followed by "PCSCTOOLS".</summary>
    public static readonly HexBytes ApplicationAid = new("F0 50 43 53 43 54 4F 4F 4C 53");

    private readonly Dictionary<string, Dictionary<ushort, byte[]>> _folders = new();

    private CardFileSystem()
    {
    }

    /// <summary>The folder last selected: "MF" or an AID in hex.</summary>
    public string CurrentFolder { get; private set; } = "MF";

    public ushort? CurrentFile { get; private set; }

    public static CardFileSystem CreateDefault()
    {
        var fs = new CardFileSystem();
        fs.AddFile("MF", 0x2F00, Hex.Parse("61 0E 4F 0A F0 50 43 53 43 54 4F 4F 4C 53 50 00"));
        fs.AddFile(ApplicationAid.Hex, 0x0101, new byte[256]);
        fs.AddFile(ApplicationAid.Hex, 0x0102, Enumerable.Range(0, 1024).Select(i => (byte)i).ToArray());
        return fs;
    }

    /// <summary>Adds (or replaces) a transparent EF in a folder ("MF" or an AID in hex).</summary>
    public void AddFile(string folder, ushort fileId, byte[] content)
    {
        var key = FolderKey(folder);
        if (!_folders.TryGetValue(key, out var files))
        {
            _folders[key] = files = new Dictionary<ushort, byte[]>();
        }
        files[fileId] = content;
    }

    /// <summary>The folders: "MF" and each application's AID in hex.</summary>
    public IReadOnlyList<string> Folders => _folders.Keys.ToArray();

    public byte[]? ReadFile(string folder, ushort fileId) =>
        _folders.TryGetValue(FolderKey(folder), out var files) && files.TryGetValue(fileId, out var content) ? content : null;

    internal void Reset()
    {
        CurrentFolder = "MF";
        CurrentFile = null;
    }

    internal bool SelectFolder(ReadOnlySpan<byte> aid)
    {
        var key = Hex.Format(aid, "");
        if (!_folders.ContainsKey(key))
        {
            return false;
        }
        CurrentFolder = key;
        CurrentFile = null;
        return true;
    }

    internal bool SelectFile(ushort fileId)
    {
        if (fileId == MasterFile)
        {
            Reset();
            return true;
        }
        if (!_folders[CurrentFolder].ContainsKey(fileId))
        {
            return false;
        }
        CurrentFile = fileId;
        return true;
    }

    internal byte[]? Current => CurrentFile is { } id ? _folders[CurrentFolder][id] : null;

    private static string FolderKey(string folder) =>
        folder.Equals("MF", StringComparison.OrdinalIgnoreCase) ? "MF" : Hex.Format(Hex.Parse(folder), "");
}
