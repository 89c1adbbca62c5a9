using PcscTools.Bytes;
using PcscTools.Tlv;

namespace PcscTools.GlobalPlatform;

/// <summary>
/// Card production life cycle data (GET DATA 9F7F; GlobalPlatform Card Specification, CPLC): 42 bytes of fixed fields
/// that say who made the chip and its operating system, and when each production step happened.
/// </summary>
public sealed class Cplc
{
    public const int Length = 42;

    /// <summary>
    /// The IC fabricator identifiers seen on Java Cards, as JCAlgTest's CPLC survey (crocs-muni/JCAlgTest, cplc.py) names
    /// them from FIPS 140 and Common Criteria documents. Philips is NXP's name before 2006; Atmel's card chips went to Inside Secure.
    /// </summary>
    private static readonly Dictionary<ushort, string> Fabricators = new()
    {
        [0x0003] = "Renesas",
        [0x0004] = "Philips",
        [0x0005] = "Infineon",
        [0x008C] = "Tongxin",
        [0x2050] = "Philips",
        [0x3060] = "Renesas",
        [0x4070] = "NXP",
        [0x4090] = "Infineon",
        [0x4180] = "Atmel",
        [0x4250] = "Samsung",
        [0x4790] = "NXP",
        [0x4830] = "Infineon",
        [0x5354] = "STMicroelectronics",
    };

    private readonly byte[] _bytes;

    private Cplc(byte[] bytes, DateOnly today)
    {
        _bytes = bytes;
        IcFabricationDate = CplcDate.From(bytes.AsSpan(10, 2), today);
        IcModulePackagingDate = CplcDate.From(bytes.AsSpan(20, 2), today);
        IcEmbeddingDate = CplcDate.From(bytes.AsSpan(24, 2), today);
        IcPrePersonalizationDate = CplcDate.From(bytes.AsSpan(28, 2), today);
        IcPersonalizationDate = CplcDate.From(bytes.AsSpan(36, 2), today);
        OperatingSystemReleaseDate = CplcDate.From(bytes.AsSpan(6, 2), today);
    }

    /// <summary>Decodes CPLC data: the 42 bytes, or a 9F7F object holding them. A date's decade is the latest one not after <paramref name="today"/>.</summary>
    public static Cplc Decode(ReadOnlySpan<byte> data, DateOnly? today = null)
    {
        if (data.Length >= 3 && data[0] == 0x9F && data[1] == 0x7F && BerTlv.Parse(data).Find(0x9F7F) is { } wrapped)
        {
            data = wrapped.Value.AsSpan();
        }
        if (data.Length < Length)
        {
            throw new FormatException($"CPLC data has {Length} bytes; the card gave {data.Length}: {Hex.Format(data)}.");
        }
        return new Cplc(data[..Length].ToArray(), today ?? DateOnly.FromDateTime(DateTime.UtcNow));
    }

    public string IcFabricator => Field(0, 2);

    /// <summary>The IC fabricator's name, when it is one of the common ones known here; otherwise null.</summary>
    public string? IcFabricatorName => Fabricators.GetValueOrDefault((ushort)((_bytes[0] << 8) | _bytes[1]));

    public string IcType => Field(2, 2);

    public string OperatingSystemId => Field(4, 2);

    public CplcDate OperatingSystemReleaseDate { get; }

    public string OperatingSystemReleaseLevel => Field(8, 2);

    public CplcDate IcFabricationDate { get; }

    public string IcSerialNumber => Field(12, 4);

    public string IcBatchIdentifier => Field(16, 2);

    public string IcModuleFabricator => Field(18, 2);

    public CplcDate IcModulePackagingDate { get; }

    public string IccManufacturer => Field(22, 2);

    public CplcDate IcEmbeddingDate { get; }

    public string IcPrePersonalizer => Field(26, 2);

    public CplcDate IcPrePersonalizationDate { get; }

    public string IcPrePersonalizationEquipment => Field(30, 4);

    public string IcPersonalizer => Field(34, 2);

    public CplcDate IcPersonalizationDate { get; }

    public string IcPersonalizationEquipment => Field(38, 4);

    public HexBytes Bytes => new(_bytes);

    public override string ToString() => $"IC {IcFabricator}{(IcFabricatorName is null ? "" : $" ({IcFabricatorName})")} type {IcType}, OS {OperatingSystemId} level {OperatingSystemReleaseLevel}, serial {IcSerialNumber}";

    private string Field(int offset, int length) => Hex.Format(_bytes.AsSpan(offset, length), "");
}
