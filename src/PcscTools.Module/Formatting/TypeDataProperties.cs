using System.Management.Automation;
using PcscTools.Module.Tlv;
using PcscTools.Simulator;
using PcscTools.Tlv;
using PcscTools.Tracing;

namespace PcscTools.Module.Formatting;

/// <summary>
/// The properties PcscTools.Types.ps1xml adds to the module's objects, as CodeProperty getters: a ScriptProperty's script
/// is parsed when the module is imported, which makes every import compile parts of PowerShell's parser.
/// </summary>
public static class TypeDataProperties
{
    /// <summary>PcscSimulator.ReadersWithCard: the readers that hold a card (a property, so that it travels with a deserialised simulator).</summary>
    public static object[] ReadersWithCard(PSObject instance)
    {
        var simulator = (PcscSimulator)instance.BaseObject;
        return simulator.ReaderNames.Where(reader => simulator.CardIn(reader) is not null).Cast<object>().ToArray();
    }

    /// <summary>PcscCall.ArgumentNames: the argument names in the spy's order (a deserialised dictionary keeps no order).</summary>
    public static string[] ArgumentNames(PSObject instance) => ((PcscCall)instance.BaseObject).Arguments.Keys.ToArray();

    /// <summary>PcscCall.OutputNames: the output names in the spy's order.</summary>
    public static string[] OutputNames(PSObject instance) => ((PcscCall)instance.BaseObject).Outputs.Keys.ToArray();

    /// <summary>TlvObject.Tree: the indented tree (a property, not the ToTree method, so that it travels with a deserialised object).</summary>
    public static string Tree(PSObject instance) => ((TlvObject)instance.BaseObject).ToTree();

    /// <summary>
    /// Deserialized ResponseApdu.Tlv: its data parsed as BER-TLV when asked for, as on a live response, read as
    /// ConvertFrom-PcscTlv reads hex text (what does not parse is left out, without a warning).
    /// </summary>
    public static object[] DeserializedResponseTlv(PSObject instance)
    {
        var data = instance.Properties["Data"]?.Value;
        var hex = data is null ? null : PSObject.AsPSObject(data).Properties["Hex"]?.Value;
        if (!LanguagePrimitives.IsTrue(hex) || !TlvInput.TryReadBytes(hex, out var bytes, out _))
        {
            return [];
        }
        return BerTlv.Parse(bytes).Objects.Cast<object>().ToArray();
    }
}
