using System.Collections;
using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.Module.Bytes;

namespace PcscTools.Module.Apdu;

/// <summary>
/// Turns what a user passes as -Command into command APDUs: hex text, a byte[], a New-PcscApdu object, or a list of those.
/// A list of numbers 0–255 (-Command 0x00,0xA4,0x04,0x00) is one command. Bad input raises <see cref="ApduFormatException"/>.
/// </summary>
internal static class CommandInput
{
    /// <summary>The commands in <paramref name="input"/>, each parsed, or the error for each item that is not one.</summary>
    public static IEnumerable<(CommandApdu? Command, ApduFormatException? Error)> Read(object? input)
    {
        input = ByteInput.Unwrap(input);
        if (input is IEnumerable items and not string and not byte[] && !IsByteList(input))
        {
            foreach (var item in items)
            {
                yield return ReadOne(item);
            }
            yield break;
        }
        yield return ReadOne(input);
    }

    /// <summary>How many commands <paramref name="input"/> holds at most (a list's length), to size what receives them.</summary>
    public static int MostCommands(object? input) => ByteInput.Unwrap(input) is ICollection items and not byte[] ? items.Count : 1;

    /// <summary>Bytes for -Data: hex text, a byte[], or a list of numbers 0–255.</summary>
    public static byte[] ReadBytes(object? input) => ByteInput.Unwrap(input) switch
    {
        null => Array.Empty<byte>(),
        byte[] bytes => bytes,
        HexBytes hex => hex.ToArray(),
        string text => Hex.TryParse(text, out var parsed, out var problem) ? parsed : throw new ApduFormatException(text, problem!),
        var list when IsByteList(list) => ((IEnumerable)list).Cast<object>().Select(o => Convert.ToByte(ByteInput.Unwrap(o))).ToArray(),
        var other => throw new ApduFormatException(other.ToString() ?? "", $"a {other.GetType().Name} is not bytes; give hex text or a byte array"),
    };

    private static (CommandApdu?, ApduFormatException?) ReadOne(object? item)
    {
        try
        {
            return (ByteInput.Unwrap(item) switch
            {
                CommandApdu command => command,
                string text => CommandApdu.Parse(text),
                null => throw new ApduFormatException("", "no command was given"),
                byte or int or long when ByteInput.AsByte(item) is not null => throw new ApduFormatException(item!.ToString()!,
                    "a single number is not a command; to pipe a byte array use the comma operator (,$bytes | Invoke-Apdu) or pass it with -Command"),
                var other => CommandApdu.Parse(ReadBytes(other)),
            }, null);
        }
        catch (ApduFormatException e)
        {
            return (null, e);
        }
    }

    private static bool IsByteList(object? value) =>
        value is object[] list && list.Length > 0 && list.All(o => ByteInput.AsByte(o) is not null);
}
