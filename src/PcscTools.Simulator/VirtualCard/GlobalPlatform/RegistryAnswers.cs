using PcscTools.GlobalPlatform;
using PcscTools.Tlv;

namespace PcscTools.Simulator.VirtualCard.GlobalPlatform;

/// <summary>Registry entries as a card writes them in a GET STATUS answer: E3 templates, or the legacy length-prefixed form.</summary>
internal static class RegistryAnswers
{
    public static byte[] Tagged(GpRegistryEntry entry)
    {
        var children = new List<TlvObject>
        {
            TlvObject.Primitive(new TlvTag(0x4F), entry.Aid.AsSpan()),
            TlvObject.Primitive(new TlvTag(0x9F70), [entry.LifeCycleState]),
        };
        if (entry.Kind != GpContentKind.LoadFile)
        {
            children.Add(TlvObject.Primitive(new TlvTag(0xC5), ThreeBytes(entry.Privileges)));
        }
        if (entry.LoadFile is { } loadFile)
        {
            children.Add(TlvObject.Primitive(new TlvTag(0xC4), loadFile.AsSpan()));
        }
        if (entry.Version is { } version)
        {
            children.Add(TlvObject.Primitive(new TlvTag(0xCE), version.Split('.').Select(byte.Parse).ToArray()));
        }
        if (entry.AssociatedSecurityDomain is { } sd)
        {
            children.Add(TlvObject.Primitive(new TlvTag(0xCC), sd.AsSpan()));
        }
        children.AddRange(entry.Modules.Select(m => TlvObject.Primitive(new TlvTag(0x84), m.AsSpan())));
        return TlvObject.Constructed(new TlvTag(0xE3), children).Encoded.ToArray();
    }

    public static byte[] Legacy(GpRegistryEntry entry, bool withModules)
    {
        var bytes = new List<byte> { (byte)entry.Aid.Length };
        bytes.AddRange(entry.Aid.AsSpan());
        bytes.Add(entry.LifeCycleState);
        bytes.Add(ThreeBytes(entry.Privileges)[0]);
        if (withModules)
        {
            bytes.Add((byte)entry.Modules.Count);
            foreach (var module in entry.Modules)
            {
                bytes.Add((byte)module.Length);
                bytes.AddRange(module.AsSpan());
            }
        }
        return bytes.ToArray();
    }

    private static byte[] ThreeBytes(GpPrivileges privileges) => [(byte)((uint)privileges >> 16), (byte)((uint)privileges >> 8), (byte)privileges];
}
