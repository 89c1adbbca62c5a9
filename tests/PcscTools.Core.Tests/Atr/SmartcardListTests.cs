using PcscTools.Atr;
using PcscTools.Bytes;

namespace PcscTools.Tests.Atr;

public sealed class SmartcardListTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"smartcard_list-{Guid.NewGuid()}.txt");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Matches_plain_and_regular_expression_entries_with_their_descriptions()
    {
        File.WriteAllText(_path, "# comment\n\n3B 80 80 01 01\n\tFirst card\n\thttps://example.org\n\n3B 80 80 0. ..\n\tAny T=1 card\n\n3B 81 80 01 80 80\n\tOther\n\n3B [( broken\n\tBroken pattern\n");
        var list = SmartcardList.Load(_path);
        Assert.Equal(4, list.Count);
        var cards = list.Identify(Hex.Parse("3b808001 01"));
        Assert.Equal(["3B 80 80 01 01", "3B 80 80 0. .."], cards.Select(c => c.Pattern));
        Assert.Equal(["First card", "https://example.org"], cards[0].Descriptions);
        Assert.Equal(3, cards[0].LineNumber);
        Assert.Equal("Any T=1 card", cards[1].ToString());
        Assert.Empty(list.Identify(Hex.Parse("3B 80 80 01 01 00")));
        Assert.Empty(list.Identify([]));
    }

    [Fact]
    public void Rereads_a_list_only_when_the_file_changed()
    {
        File.WriteAllText(_path, "3B 00\n\tOld\n");
        var first = SmartcardList.Load(_path);
        Assert.Same(first, SmartcardList.Load(_path));
        File.WriteAllText(_path, "3B 00\n\tNew description\n");
        File.SetLastWriteTimeUtc(_path, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal("New description", SmartcardList.Load(_path).Identify([0x3B, 0x00])[0].ToString());
    }

    [Fact]
    public void A_missing_file_is_a_FileNotFoundException_naming_it()
    {
        var e = Assert.Throws<FileNotFoundException>(() => SmartcardList.Load(_path));
        Assert.Equal(Path.GetFullPath(_path), e.FileName);
    }

    [Fact]
    public void Searches_where_ATR_analysis_does_starting_with_the_xdg_cache_and_passes_over_empty_files()
    {
        var cache = Path.Combine(Path.GetTempPath(), $"xdg-{Guid.NewGuid()}");
        Directory.CreateDirectory(cache);
        var previous = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", cache);
        try
        {
            var cached = Path.Combine(cache, "smartcard_list.txt");
            Assert.Equal(cached, SmartcardList.SearchPaths[0]);
            Assert.Contains("/usr/share/pcsc/smartcard_list.txt", SmartcardList.SearchPaths);

            File.WriteAllText(cached, "");
            Assert.NotEqual(cached, SmartcardList.LoadDefault()?.Path);
            File.WriteAllText(cached, "3B 00\n\tCached\n");
            Assert.Equal(cached, SmartcardList.LoadDefault()?.Path);
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", previous);
            Directory.Delete(cache, recursive: true);
        }
    }
}
