using System.Management.Automation;
using PcscTools.Bytes;
using PcscTools.Tlv;

namespace PcscTools.Module.Tlv;

/// <summary>
/// The Tlv property PcscTools.Types.ps1xml gives a deserialised response (remoting, Import-Clixml): its data parsed as
/// BER-TLV when asked for, as on a live response; what does not parse is left out, as ConvertFrom-PcscTlv leaves it.
/// A CodeProperty rather than a ScriptProperty, whose script every Import-Module would parse.
/// </summary>
public static class DeserializedResponseTlv
{
    public static TlvObject[] Get(PSObject instance)
    {
        var data = instance.Properties["Data"]?.Value;
        var hex = data is null ? null : PSObject.AsPSObject(data).Properties["Hex"]?.Value as string;
        return Hex.TryParse(hex, out var bytes, out _) ? BerTlv.Parse(bytes).Objects.ToArray() : [];
    }
}
