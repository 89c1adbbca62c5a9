using PcscTools.Bytes;
using PcscTools.GlobalPlatform;
using PcscTools.Tlv;

namespace PcscTools.Simulator.VirtualCard.GlobalPlatform;

/// <summary>
/// The virtual card's GlobalPlatform side: an issuer security domain with a registry of packages and applications, CPLC,
/// card recognition data and key information, and the content commands (GET STATUS, GET DATA, INSTALL, DELETE, STORE DATA).
/// The security domain answers once selected (by its AID, or by a SELECT without AID); what STORE DATA writes is kept per
/// application for tests to read back. The registry and stored data survive a reset; selection does not.
/// </summary>
public sealed class GpCardContent
{
    /// <summary>The test package (executable load file) and its applet class (executable module).</summary>
    public static readonly HexBytes TestPackage = new("F0 50 43 53 43 00 01");
    public static readonly HexBytes TestModule = new("F0 50 43 53 43 00 01 01");
    public static readonly HexBytes TestApplication = new("F0 50 43 53 43 00 01 01 01");

    private readonly List<GpRegistryEntry> _registry;
    private readonly Dictionary<string, List<byte>> _stored = new();
    private GpStatusPaging? _paging;
    private HexBytes? _selected;
    private HexBytes? _personalizing;
    private int _nextBlock;

    public GpCardContent()
    {
        var isd = GpCommands.IssuerSecurityDomainAid;
        _registry =
        [
            new(GpContentKind.IssuerSecurityDomain, isd, 0x0F, (GpPrivileges)0x9EFE80),
            new(GpContentKind.LoadFile, new HexBytes("A0 00 00 00 62 00 01"), GpLifeCycle.Loaded, GpPrivileges.None, "1.0", isd),
            new(GpContentKind.LoadFile, new HexBytes("A0 00 00 01 51 53 50"), GpLifeCycle.Loaded, GpPrivileges.None, "255.3", isd,
                modules: [new HexBytes("A0 00 00 01 51 53 50 41")]),
            new(GpContentKind.LoadFile, TestPackage, GpLifeCycle.Loaded, GpPrivileges.None, "1.0", isd, modules: [TestModule]),
            new(GpContentKind.Application, TestApplication, GpLifeCycle.Selectable, GpPrivileges.None, null, isd, TestPackage),
        ];
    }

    private Func<bool> _contentCommandsAllowed = () => true;

    /// <summary>
    /// Sets the one check in front of the content commands (GET STATUS, INSTALL, DELETE, STORE DATA): true when the card's
    /// secure channel allows them; when it says no, they are answered 6982 (security status not satisfied), as real cards
    /// answer them outside an authenticated channel. <see cref="VirtualCard"/> connects it to its secure messaging
    /// (<see cref="VirtualCard.IsSecureChannelAuthenticated"/>); a GpCardContent of its own allows everything. GET DATA of
    /// CPLC, card recognition data and key information is not behind it: real cards answer those in plain.
    /// It runs on the card's thread: from PowerShell give a compiled delegate, not a script block (no runspace there).
    /// A method, not a property, so that a card converts to JSON without a delegate in it.
    /// </summary>
    public void AllowContentCommandsWhen(Func<bool> allowed) => _contentCommandsAllowed = allowed;

    /// <summary>
    /// Answer the content commands in plain too, without a secure channel (New-PcscVirtualCard -GlobalPlatform
    /// @{ PlainContentCommands = $true }): for tests about what the answers hold, not about the channel. Off by default.
    /// </summary>
    public bool PlainContentCommands { get; set; }

    private bool ContentCommandsAllowed => PlainContentCommands || _contentCommandsAllowed();

    /// <summary>Answer GET STATUS in the tag-based format (P2 = 02); when false the card knows only the legacy one and answers 6A86.</summary>
    public bool TagBasedStatus { get; set; } = true;

    /// <summary>How many entries one GET STATUS answer holds; more are announced with 63 10 and handed out on "next".</summary>
    public int StatusEntriesPerAnswer { get; set; } = 4;

    /// <summary>The 42 bytes of CPLC data (GET DATA 9F7F).</summary>
    public HexBytes Cplc { get; set; } = new(
        "4790 5167 4791 1234 0100 5123 01020304 0001 4812 5124 4813 5125 4814 5126 0A0B0C0D 4815 6001 11121314");

    /// <summary>Card recognition data (GET DATA 0066): GlobalPlatform 2.3.1, SCP03 with i = 70.</summary>
    public HexBytes CardRecognitionData { get; set; } = new(
        "66 31 73 2F 06 07 2A 86 48 86 FC 6B 01 60 0C 06 0A 2A 86 48 86 FC 6B 02 02 03 01 63 09 06 07 2A 86 48 86 FC 6B 03 64 0B 06 09 2A 86 48 86 FC 6B 04 03 70");

    /// <summary>Key information template (GET DATA 00E0): ENC, MAC and DEK of key version 30, AES-128.</summary>
    public HexBytes KeyInformation { get; set; } = new("E0 12 C0 04 01 30 88 10 C0 04 02 30 88 10 C0 04 03 30 88 10");

    /// <summary>The registry: the issuer security domain, load files, applications and security domains, in order.</summary>
    public IReadOnlyList<GpRegistryEntry> GetRegistry() => _registry.ToArray();

    /// <summary>Every byte STORE DATA wrote for an application (an AID in hex), in order; empty when none.</summary>
    public HexBytes StoredData(string aid) =>
        _stored.TryGetValue(Key(new HexBytes(aid)), out var bytes) ? new HexBytes(bytes.ToArray()) : HexBytes.Empty;

    /// <summary>What STORE DATA wrote for an application, read as DGI records.</summary>
    public IReadOnlyList<DgiRecord> StoredRecords(string aid) => DgiRecord.Parse(StoredData(aid).AsSpan(), out _);

    /// <summary>Whether the issuer security domain is the selected application.</summary>
    public bool IsSecurityDomainSelected => Equals(_selected, GpCommands.IssuerSecurityDomainAid);

    internal void Reset()
    {
        _selected = null;
        _personalizing = null;
        _paging = null;
        _nextBlock = 0;
    }

    /// <summary>Answers a command that is the security domain's or an installed application's to answer; false for the rest of the card.</summary>
    internal bool TryProcess(ParsedCommand apdu, out byte[] answer)
    {
        answer = [];
        if (apdu.Cla == 0x00 && apdu.Ins == 0xA4 && apdu.P1 == 0x04)
        {
            return TrySelect(apdu, ref answer);
        }
        if ((apdu.Cla & 0xFB) != GpCommands.Cla || _selected is null)
        {
            return false;
        }
        if (!IsSecurityDomainSelected)
        {
            // An installed application takes its personalisation through STORE DATA; everything else is not ours.
            if (apdu.Ins != GpCommands.StoreDataIns)
            {
                return false;
            }
            answer = ContentCommandsAllowed ? StoreData(apdu, _selected) : StatusWord.SecurityNotSatisfied;
            return true;
        }
        answer = apdu.Ins switch
        {
            GpCommands.GetDataIns => GetData(apdu),
            GpCommands.GetStatusIns or GpCommands.InstallIns or GpCommands.DeleteIns or GpCommands.StoreDataIns when !ContentCommandsAllowed => StatusWord.SecurityNotSatisfied,
            GpCommands.GetStatusIns => GetStatus(apdu),
            GpCommands.InstallIns => Install(apdu),
            GpCommands.DeleteIns => Delete(apdu),
            GpCommands.StoreDataIns => StoreData(apdu, _personalizing ?? _selected),
            _ => StatusWord.InsNotSupported,
        };
        return true;
    }

    private bool TrySelect(ParsedCommand apdu, ref byte[] answer)
    {
        var aid = new HexBytes(apdu.Data);
        _personalizing = null;
        _nextBlock = 0;
        if (aid.Length == 0 || aid.Equals(GpCommands.IssuerSecurityDomainAid))
        {
            _selected = GpCommands.IssuerSecurityDomainAid;
            answer = apdu.Le is null ? StatusWord.Success : [.. SecurityDomainFci(), .. StatusWord.Success];
            return true;
        }
        if (_registry.Find(e => e.Aid.Equals(aid) && e.Kind is GpContentKind.Application or GpContentKind.SecurityDomain) is { } application)
        {
            _selected = application.Aid;
            answer = apdu.Le is null ? StatusWord.Success
                : [.. TlvObject.Constructed(new TlvTag(0x6F), [TlvObject.Primitive(new TlvTag(0x84), aid.AsSpan())]).Encoded.AsSpan(), .. StatusWord.Success];
            return true;
        }
        // Another application (the file system's): the security domain is no longer selected.
        _selected = null;
        return false;
    }

    /// <summary>The FCI a security domain answers SELECT with: its AID (84) and its management data (A5/73) as card recognition data.</summary>
    private byte[] SecurityDomainFci()
    {
        var recognition = BerTlv.Parse(CardRecognitionData.AsSpan()).Find(0x73);
        var proprietary = new List<TlvObject>();
        if (recognition is not null)
        {
            proprietary.Add(recognition);
        }
        proprietary.Add(TlvObject.Primitive(new TlvTag(0x9F6E), Cplc.AsSpan()[..6]));
        proprietary.Add(TlvObject.Primitive(new TlvTag(0x9F65), [0xFF]));
        return TlvObject.Constructed(new TlvTag(0x6F), [
            TlvObject.Primitive(new TlvTag(0x84), GpCommands.IssuerSecurityDomainAid.AsSpan()),
            TlvObject.Constructed(new TlvTag(0xA5), proprietary),
        ]).Encoded.ToArray();
    }

    private byte[] GetData(ParsedCommand apdu)
    {
        var value = ((apdu.P1 << 8) | apdu.P2) switch
        {
            0x9F7F => BerTlv.Encode(new TlvTag(0x9F7F), Cplc.AsSpan()),
            0x0066 => CardRecognitionData.ToArray(),
            0x00E0 => KeyInformation.ToArray(),
            _ => null,
        };
        return value is null ? StatusWord.ReferencedDataNotFound : [.. value, .. StatusWord.Success];
    }

    private byte[] GetStatus(ParsedCommand apdu)
    {
        var tagged = (apdu.P2 & 0x02) != 0;
        var next = (apdu.P2 & 0x01) != 0;
        if ((tagged && !TagBasedStatus) || (apdu.P2 & 0xFC) != 0 || !Enum.IsDefined((GpStatusScope)apdu.P1))
        {
            return StatusWord.IncorrectP1P2;
        }
        if (apdu.Data.Length < 2 || apdu.Data[0] != 0x4F || apdu.Data[1] != apdu.Data.Length - 2)
        {
            return StatusWord.WrongData;
        }
        var scope = (GpStatusScope)apdu.P1;
        if (!next)
        {
            var prefix = new HexBytes(apdu.Data.AsSpan(2));
            var entries = _registry.Where(e => InScope(e, scope) && e.Aid.AsSpan().StartsWith(prefix.AsSpan())).ToList();
            _paging = new GpStatusPaging(scope, tagged, entries);
        }
        else if (_paging is null || _paging.Scope != scope || _paging.Tagged != tagged)
        {
            return StatusWord.IncorrectP1P2;
        }
        var paging = _paging!;
        if (paging.Entries.Count == 0)
        {
            _paging = null;
            return StatusWord.ReferencedDataNotFound;
        }
        var page = paging.Entries.Skip(paging.Sent).Take(Math.Max(1, StatusEntriesPerAnswer)).ToList();
        paging.Sent += page.Count;
        var data = page.SelectMany(e => tagged ? RegistryAnswers.Tagged(e) : RegistryAnswers.Legacy(e, scope == GpStatusScope.LoadFilesAndModules));
        if (paging.Sent < paging.Entries.Count)
        {
            return [.. data, 0x63, 0x10];
        }
        _paging = null;
        return [.. data, .. StatusWord.Success];
    }

    private static bool InScope(GpRegistryEntry entry, GpStatusScope scope) => scope switch
    {
        GpStatusScope.IssuerSecurityDomain => entry.Kind == GpContentKind.IssuerSecurityDomain,
        GpStatusScope.Applications => entry.Kind is GpContentKind.Application or GpContentKind.SecurityDomain,
        _ => entry.Kind == GpContentKind.LoadFile,
    };

    private byte[] Install(ParsedCommand apdu)
    {
        var fields = LengthPrefixedFields(apdu.Data);
        if (apdu.P1 == 0x20)
        {
            // INSTALL [for personalization]: the following STORE DATA go to this application.
            if (fields is not { Count: >= 3 } || Find(fields[2], GpContentKind.Application, GpContentKind.SecurityDomain) is not { } target)
            {
                return StatusWord.ReferencedDataNotFound;
            }
            _personalizing = target.Aid;
            _nextBlock = 0;
            return StatusWord.Success;
        }
        if (apdu.P1 != 0x0C)
        {
            return StatusWord.IncorrectP1P2;
        }
        if (fields is not { Count: >= 5 } || fields[2].Length is < 5 or > 16 || fields[3].Length is not (1 or 3))
        {
            return StatusWord.WrongData;
        }
        if (Find(fields[0], GpContentKind.LoadFile) is not { } loadFile || !loadFile.Modules.Contains(fields[1]))
        {
            return StatusWord.ReferencedDataNotFound;
        }
        if (_registry.Exists(e => e.Aid.Equals(fields[2])))
        {
            return StatusWord.ConditionsNotSatisfied;
        }
        var privileges = GpRegistry.ReadPrivileges(fields[3].AsSpan());
        var kind = privileges.HasFlag(GpPrivileges.SecurityDomain) ? GpContentKind.SecurityDomain : GpContentKind.Application;
        _registry.Add(new GpRegistryEntry(kind, fields[2], GpLifeCycle.Selectable, privileges, null, GpCommands.IssuerSecurityDomainAid, loadFile.Aid));
        return [0x00, .. StatusWord.Success];
    }

    private byte[] Delete(ParsedCommand apdu)
    {
        var tlv = BerTlv.Parse(apdu.Data);
        if (tlv.Find(0x4F) is not { } aidObject)
        {
            return StatusWord.WrongData;
        }
        var aid = aidObject.Value;
        var entry = _registry.Find(e => e.Aid.Equals(aid));
        if (entry is null)
        {
            return StatusWord.ReferencedDataNotFound;
        }
        if (entry.Kind == GpContentKind.IssuerSecurityDomain)
        {
            return StatusWord.ConditionsNotSatisfied;
        }
        var related = _registry.Where(e => aid.Equals(e.LoadFile)).ToList();
        if (related.Count > 0 && (apdu.P2 & 0x80) == 0)
        {
            // A load file with applications installed from it goes only with them (DELETE of related objects).
            return StatusWord.ConditionsNotSatisfied;
        }
        foreach (var gone in related.Append(entry))
        {
            _registry.Remove(gone);
            _stored.Remove(Key(gone.Aid));
        }
        return [0x00, .. StatusWord.Success];
    }

    private byte[] StoreData(ParsedCommand apdu, HexBytes target)
    {
        if (apdu.P2 != _nextBlock)
        {
            return StatusWord.IncorrectP1P2;
        }
        if (!_stored.TryGetValue(Key(target), out var bytes))
        {
            _stored[Key(target)] = bytes = new List<byte>();
        }
        bytes.AddRange(apdu.Data);
        _nextBlock = (apdu.P1 & 0x80) != 0 ? 0 : _nextBlock + 1;
        return StatusWord.Success;
    }

    private GpRegistryEntry? Find(HexBytes aid, params GpContentKind[] kinds) => _registry.Find(e => e.Aid.Equals(aid) && kinds.Contains(e.Kind));

    /// <summary>The fields of INSTALL's data, each a length byte and its bytes; null when a length runs past the end.</summary>
    private static List<HexBytes>? LengthPrefixedFields(ReadOnlySpan<byte> data)
    {
        var fields = new List<HexBytes>();
        var at = 0;
        while (at < data.Length)
        {
            var length = data[at];
            if (length > data.Length - at - 1)
            {
                return null;
            }
            fields.Add(new HexBytes(data.Slice(at + 1, length)));
            at += 1 + length;
        }
        return fields;
    }

    private static string Key(HexBytes aid) => aid.Hex;

    private sealed class GpStatusPaging(GpStatusScope scope, bool tagged, List<GpRegistryEntry> entries)
    {
        public GpStatusScope Scope { get; } = scope;
        public bool Tagged { get; } = tagged;
        public List<GpRegistryEntry> Entries { get; } = entries;
        public int Sent { get; set; }
    }
}
