using System.Management.Automation;

namespace PcscTools.Module.Bytes;

/// <summary>How parameters that take bytes read PowerShell's values: a byte, or an integer that fits one (what <c>0x3B, 0x80</c> gives).</summary>
internal static class ByteInput
{
    public static byte? AsByte(object? value) => Unwrap(value) switch
    {
        byte b => b,
        int i and >= 0 and <= 255 => (byte)i,
        long l and >= 0 and <= 255 => (byte)l,
        _ => null,
    };

    public static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
