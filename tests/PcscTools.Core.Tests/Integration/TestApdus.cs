using PcscTools.Bytes;

namespace PcscTools.Tests.Integration;

/// <summary>Commands the default virtual card answers without any set-up.</summary>
internal static class TestApdus
{
    /// <summary>SELECT MF by file identifier, no FCI: answered 90 00 in any state.</summary>
    public static readonly byte[] SelectMasterFile = Hex.Parse("00 A4 00 0C 02 3F 00");
}
