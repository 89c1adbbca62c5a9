using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using PcscTools.Bytes;

namespace PcscTools.Atr;

/// <summary>
/// pcsc-tools' list of known ATRs (smartcard_list.txt): lines with an ATR or a Perl regular expression over
/// "3B 8F 80 …" text, each followed by tab-indented description lines. The user's own file is read, never a copy
/// shipped with PcscTools; a file is parsed once and reused until it changes on disk.
/// </summary>
public sealed class SmartcardList
{
    private static readonly ConcurrentDictionary<string, SmartcardList> Loaded = new(StringComparer.Ordinal);
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private readonly List<Entry> _entries;
    private readonly DateTime _writeTime;
    private readonly long _size;

    private SmartcardList(string path, List<Entry> entries, DateTime writeTime, long size)
    {
        Path = path;
        _entries = entries;
        _writeTime = writeTime;
        _size = size;
    }

    public string Path { get; }

    /// <summary>How many ATR patterns the file holds.</summary>
    public int Count => _entries.Count;

    /// <summary>Where ATR_analysis looks, in its order: the XDG cache copy it keeps updated, ~/.smartcard_list.txt, then the system-wide installs.</summary>
    public static IReadOnlyList<string> SearchPaths
    {
        get
        {
            var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : System.IO.Path.Combine(home, ".cache");
            return
            [
                System.IO.Path.Combine(cache, "smartcard_list.txt"),
                System.IO.Path.Combine(home, ".smartcard_list.txt"),
                "/usr/local/pcsc/smartcard_list.txt",
                "/usr/share/pcsc/smartcard_list.txt",
                "/usr/local/share/pcsc/smartcard_list.txt",
            ];
        }
    }

    /// <summary>
    /// The first non-empty list on <see cref="SearchPaths"/>, or null when pcsc-tools' list is not installed. Empty files are
    /// passed over: ATR_analysis run offline leaves an empty ~/.cache/smartcard_list.txt behind when its download fails.
    /// </summary>
    public static SmartcardList? LoadDefault() =>
        SearchPaths.FirstOrDefault(path => new FileInfo(path) is { Exists: true, Length: > 0 }) is { } found ? Load(found) : null;

    /// <summary>Reads a list file (or reuses the copy read before, if the file has not changed). Throws the usual IO exceptions.</summary>
    public static SmartcardList Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"There is no smart card list at '{full}'.", full);
        }
        if (Loaded.TryGetValue(full, out var known) && known._writeTime == info.LastWriteTimeUtc && known._size == info.Length)
        {
            return known;
        }
        var list = new SmartcardList(full, Parse(File.ReadLines(full)), info.LastWriteTimeUtc, info.Length);
        Loaded[full] = list;
        return list;
    }

    /// <summary>Every entry whose pattern matches the whole ATR, in file order.</summary>
    public IReadOnlyList<CardIdentification> Identify(ReadOnlySpan<byte> atr)
    {
        if (atr.IsEmpty)
        {
            return [];
        }
        var text = Hex.Format(atr);
        var found = new List<CardIdentification>();
        foreach (var entry in _entries)
        {
            if (entry.Matches(text))
            {
                found.Add(entry.Identification);
            }
        }
        return found;
    }

    private static List<Entry> Parse(IEnumerable<string> lines)
    {
        var entries = new List<Entry>();
        string? pattern = null;
        var patternLine = 0;
        var descriptions = new List<string>();
        var number = 0;
        void Flush()
        {
            if (pattern is not null)
            {
                entries.Add(new Entry(new CardIdentification(pattern, descriptions.ToArray(), patternLine)));
            }
            pattern = null;
            descriptions.Clear();
        }
        foreach (var line in lines)
        {
            number++;
            if (line.StartsWith('\t'))
            {
                if (pattern is not null)
                {
                    descriptions.Add(line[1..]);
                }
                continue;
            }
            Flush();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                pattern = line;
                patternLine = number;
            }
        }
        Flush();
        return entries;
    }

    /// <summary>A pattern: plain ATR text compared directly (most of them), or a regular expression compiled on first use.</summary>
    private sealed class Entry(CardIdentification identification)
    {
        private static readonly Regex PlainAtr = new("^[0-9A-Fa-f ]*$", RegexOptions.CultureInvariant);
        private readonly bool _plain = PlainAtr.IsMatch(identification.Pattern);
        private Regex? _regex;
        private bool _unusable;

        public CardIdentification Identification { get; } = identification;

        public bool Matches(string atr)
        {
            if (_plain)
            {
                return string.Equals(atr, Identification.Pattern, StringComparison.OrdinalIgnoreCase);
            }
            if (_unusable)
            {
                return false;
            }
            try
            {
                // ATR_analysis matches m/^$line$/i, without grouping: kept so that an alternation means what it does there.
                _regex ??= new Regex("^" + Identification.Pattern + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
                return _regex.IsMatch(atr);
            }
            catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
            {
                // A pattern .NET cannot read (or that runs away) identifies nothing, as a broken entry should.
                _unusable = true;
                return false;
            }
        }
    }
}
