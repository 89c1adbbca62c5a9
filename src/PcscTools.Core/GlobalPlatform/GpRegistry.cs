using PcscTools.Bytes;
using PcscTools.Tlv;

namespace PcscTools.GlobalPlatform;

/// <summary>
/// Reads GET STATUS answers into registry entries, in both formats GlobalPlatform defines (§11.4.3): the tag-based one
/// (E3 templates, P2 = 02) and the legacy one (length-prefixed AIDs, P2 = 00). Broken answers keep the entries that parse.
/// </summary>
public static class GpRegistry
{
    /// <summary>Entries from the tag-based format; <paramref name="problems"/> gets where the TLV stops parsing.</summary>
    public static IReadOnlyList<GpRegistryEntry> ParseTagged(GpStatusScope scope, ReadOnlySpan<byte> data, List<TlvProblem> problems)
    {
        var tlv = BerTlv.Parse(data);
        problems.AddRange(tlv.Problems);
        var entries = new List<GpRegistryEntry>();
        foreach (var entry in tlv.Where(o => o.Tag.Value == 0xE3))
        {
            if (entry.Find(0x4F) is not { } aid)
            {
                continue;
            }
            var state = entry.Find(0x9F70) is { Length: > 0 } lcs ? lcs.Value[0] : (byte)0;
            var privileges = entry.Find(0xC5) is { } c5 ? ReadPrivileges(c5.Value.AsSpan()) : GpPrivileges.None;
            var version = entry.Find(0xCE) is { Length: > 0 } ce ? string.Join(".", ce.Value.AsSpan().ToArray()) : null;
            entries.Add(new GpRegistryEntry(KindOf(scope, privileges), aid.Value, state, privileges, version,
                entry.Find(0xCC)?.Value, entry.Find(0xC4)?.Value,
                entry.Children.Where(c => c.Tag.Value == 0x84).Select(c => c.Value).ToArray()));
        }
        return entries;
    }

    /// <summary>Entries from the legacy format; <paramref name="problems"/> gets where the bytes stop making entries.</summary>
    public static IReadOnlyList<GpRegistryEntry> ParseLegacy(GpStatusScope scope, ReadOnlySpan<byte> data, List<TlvProblem> problems)
    {
        var entries = new List<GpRegistryEntry>();
        var at = 0;
        while (at < data.Length)
        {
            var start = at;
            var aidLength = data[at];
            if (data.Length - at < aidLength + 3)
            {
                problems.Add(new TlvProblem(start, "", $"an entry with a {aidLength}-byte AID needs {aidLength + 3} bytes but only {data.Length - at} are left", data[start..]));
                break;
            }
            var aid = new HexBytes(data.Slice(at + 1, aidLength));
            at += 1 + aidLength;
            var state = data[at++];
            var privileges = ReadPrivileges(data.Slice(at++, 1));
            var modules = new List<HexBytes>();
            if (scope == GpStatusScope.LoadFilesAndModules && !ReadModules(data, ref at, modules, start, problems))
            {
                break;
            }
            entries.Add(new GpRegistryEntry(KindOf(scope, privileges), aid, state, privileges, modules: modules));
        }
        return entries;
    }

    private static bool ReadModules(ReadOnlySpan<byte> data, ref int at, List<HexBytes> modules, int start, List<TlvProblem> problems)
    {
        var count = at < data.Length ? data[at++] : -1;
        for (var i = 0; i < count; i++)
        {
            if (at >= data.Length || data.Length - at - 1 < data[at])
            {
                count = -1;
                break;
            }
            modules.Add(new HexBytes(data.Slice(at + 1, data[at])));
            at += 1 + data[at];
        }
        if (count >= 0)
        {
            return true;
        }
        problems.Add(new TlvProblem(start, "", "the entry's list of executable modules runs past the end of the data", data[start..]));
        return false;
    }

    /// <summary>Privileges from one byte (legacy format, older cards) or three.</summary>
    public static GpPrivileges ReadPrivileges(ReadOnlySpan<byte> bytes)
    {
        uint value = 0;
        for (var i = 0; i < 3; i++)
        {
            value = (value << 8) | (i < bytes.Length ? bytes[i] : 0u);
        }
        return (GpPrivileges)value;
    }

    private static GpContentKind KindOf(GpStatusScope scope, GpPrivileges privileges) => scope switch
    {
        GpStatusScope.IssuerSecurityDomain => GpContentKind.IssuerSecurityDomain,
        GpStatusScope.Applications => privileges.HasFlag(GpPrivileges.SecurityDomain) ? GpContentKind.SecurityDomain : GpContentKind.Application,
        _ => GpContentKind.LoadFile,
    };

    /// <summary>The three privilege bytes as INSTALL sends them; one byte when the other two are zero (older cards take only one).</summary>
    public static byte[] EncodePrivileges(GpPrivileges privileges)
    {
        var value = (uint)privileges;
        return (value & 0xFFFF) == 0 ? [(byte)(value >> 16)] : [(byte)(value >> 16), (byte)(value >> 8), (byte)value];
    }
}
