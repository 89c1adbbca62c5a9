using System.Text;
using PcscTools.Bytes;
using PcscTools.Cards;

namespace PcscTools.Module.Readers;

/// <summary>One reader attribute as Get-PcscReaderAttribute shows it: its name, id, raw value and, when it is text, the text.</summary>
public sealed class ReaderAttributeValue
{
    public ReaderAttributeValue(string reader, ReaderAttribute name, byte[] value)
    {
        Reader = reader;
        Name = name;
        Value = new HexBytes(value);
        var trimmed = value.AsSpan().TrimEnd((byte)0);
        Text = trimmed.Length > 0 && !trimmed.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E) ? Encoding.ASCII.GetString(trimmed) : null;
    }

    public string Reader { get; }

    public ReaderAttribute Name { get; }

    /// <summary>The SCARD_ATTR_* value, e.g. 0x00010100 for the vendor name.</summary>
    public uint Id => (uint)Name;

    public HexBytes Value { get; }

    /// <summary>The value as text when it is printable ASCII (names, serial numbers); otherwise null.</summary>
    public string? Text { get; }
}
