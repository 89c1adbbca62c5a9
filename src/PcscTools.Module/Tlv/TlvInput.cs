using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.Module.Bytes;
using PcscTools.Tlv;

namespace PcscTools.Module.Tlv;

/// <summary>
/// What users give the TLV cmdlets: bytes (hex text, byte[], HexBytes, a response's data) and tables to encode
/// (tag → value, where a value is bytes, a nested table for a constructed tag, or a list of those for a repeated tag).
/// </summary>
internal static class TlvInput
{
    /// <summary>Bytes from hex text, a byte[], HexBytes, a response (its data) or a list of numbers 0–255.</summary>
    public static bool TryReadBytes(object? input, out byte[] bytes, out string? problem)
    {
        problem = null;
        switch (ByteInput.Unwrap(input))
        {
            case byte[] b:
                bytes = b;
                return true;
            case HexBytes hex:
                bytes = hex.ToArray();
                return true;
            case ResponseApdu response:
                bytes = response.Data.ToArray();
                return true;
            case string text:
                return Hex.TryParse(text, out bytes, out problem);
            case object[] list when list.Length > 0 && list.All(o => ByteInput.AsByte(o) is not null):
                bytes = list.Select(o => ByteInput.AsByte(o)!.Value).ToArray();
                return true;
            case var other:
                bytes = [];
                problem = $"a {other?.GetType().Name ?? "null"} is not bytes";
                return false;
        }
    }

    /// <summary>The objects a table describes, in its order (a plain hashtable's keys are sorted by tag, its own order being arbitrary).</summary>
    public static IReadOnlyList<TlvObject> ReadObjects(IDictionary table) =>
        Entries(table).SelectMany(e => ReadValues(ParseTag(e.Key), e.Value)).ToArray();

    /// <summary>DGI records from a table of DGI (four hex digits) → content (bytes, or a table of TLV).</summary>
    public static IReadOnlyList<DgiRecord> ReadDgiRecords(IDictionary table)
    {
        var records = new List<DgiRecord>();
        foreach (var (key, value) in Entries(table))
        {
            if (!Hex.TryParse(key, out var dgi, out _) || dgi.Length != 2)
            {
                throw new InvalidDataException($"'{key}' is not a DGI: give two bytes in hex, e.g. '0101' or '8201'.");
            }
            var content = ByteInput.Unwrap(value) is IDictionary inner ? BerTlv.Encode(ReadObjects(inner)) : Bytes(value, key);
            records.Add(new DgiRecord((ushort)((dgi[0] << 8) | dgi[1]), content));
        }
        return records;
    }

    private static IEnumerable<TlvObject> ReadValues(TlvTag tag, object? value)
    {
        value = ByteInput.Unwrap(value);
        if (value is object[] objects && tag.IsConstructed && objects.Length > 0 && objects.All(o => ByteInput.Unwrap(o) is TlvObject))
        {
            return [TlvObject.Constructed(tag, objects.Select(o => (TlvObject)ByteInput.Unwrap(o)!))];
        }
        if (value is object[] list && !(list.Length > 0 && list.All(o => ByteInput.AsByte(o) is not null)))
        {
            // A list of values: the tag repeated, once for each (e.g. several C0 or E3 objects).
            return list.SelectMany(item => ReadValues(tag, item));
        }
        return [ReadValue(tag, value)];
    }

    private static TlvObject ReadValue(TlvTag tag, object? value)
    {
        switch (value)
        {
            case TlvObject o when tag.IsConstructed:
                return TlvObject.Constructed(tag, [o]);
            case TlvObject o:
                throw new InvalidDataException($"Tag {tag} is primitive (b6 of its first byte is 0); it cannot hold the object {o.Tag}.");
            case IDictionary inner when tag.IsConstructed:
                return TlvObject.Constructed(tag, ReadObjects(inner));
            case IDictionary:
                throw new InvalidDataException($"Tag {tag} is primitive (b6 of its first byte is 0); give it bytes, not a table.");
            default:
                return TlvObject.Primitive(tag, Bytes(value, tag.ToString()));
        }
    }

    private static byte[] Bytes(object? value, string key) =>
        TryReadBytes(value, out var bytes, out var problem) ? bytes
        : throw new InvalidDataException($"The value of '{key}' is not bytes ({problem}); give hex text, bytes, or a table for a constructed tag.");

    private static TlvTag ParseTag(string key)
    {
        try
        {
            return TlvTag.Parse(key);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    private static IEnumerable<(string Key, object? Value)> Entries(IDictionary table)
    {
        var entries = table.Cast<DictionaryEntry>().Select(e => (Key: ByteInput.Unwrap(e.Key)?.ToString() ?? "", e.Value));
        return table is IOrderedDictionary ? entries : entries.OrderBy(e => e.Key.Replace(" ", "").PadLeft(8, '0'), StringComparer.OrdinalIgnoreCase);
    }
}
