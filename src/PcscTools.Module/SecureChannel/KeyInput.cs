using System.Collections;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using PcscTools.Bytes;
using PcscTools.Module.Bytes;
using PcscTools.SecureChannel;

namespace PcscTools.Module.SecureChannel;

/// <summary>
/// -Key as users give it: hex text, bytes, a SecureString with hex inside (from Read-Host -AsSecureString or Get-Secret), or a
/// table @{ Enc; Mac; Dek } of those. Key bytes are cleared after use and never put in a message: errors name the role and length.
/// </summary>
internal static class KeyInput
{
    private static readonly string[] Roles = ["Enc", "Mac", "Dek"];

    /// <summary>The static keys <paramref name="input"/> holds; an <see cref="ArgumentException"/> that shows no key byte otherwise.</summary>
    public static StaticKeys Read(object input)
    {
        input = ByteInput.Unwrap(input)!;
        if (input is IDictionary table)
        {
            var unknown = table.Keys.Cast<object>().Select(k => k.ToString()).FirstOrDefault(k => !Roles.Contains(k, StringComparer.OrdinalIgnoreCase));
            if (unknown is not null)
            {
                throw new ArgumentException($"The key table has an entry '{unknown}'; its entries are Enc, Mac and Dek.");
            }
            var parts = new byte[Roles.Length][];
            try
            {
                for (var i = 0; i < Roles.Length; i++)
                {
                    var entry = table.Keys.Cast<object>().FirstOrDefault(k => Roles[i].Equals(k.ToString(), StringComparison.OrdinalIgnoreCase))
                        ?? throw new ArgumentException($"The key table has no {Roles[i]} entry; give Enc, Mac and Dek.");
                    parts[i] = Bytes(table[entry]!, Roles[i].ToUpperInvariant());
                }
                return new StaticKeys(parts[0], parts[1], parts[2]);
            }
            finally
            {
                foreach (var part in parts.Where(p => p is not null))
                {
                    CryptographicOperations.ZeroMemory(part);
                }
            }
        }
        var key = Bytes(input, "");
        try
        {
            return new StaticKeys(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] Bytes(object value, string role)
    {
        value = ByteInput.Unwrap(value)!;
        var name = role.Length == 0 ? "The key" : $"The {role} key";
        return value switch
        {
            SecureString secure => FromSecureString(secure, name),
            byte[] bytes => (byte[])bytes.Clone(),
            HexBytes hex => hex.ToArray(),
            string text => FromHexChars(text.AsSpan(), name),
            object[] items when items.All(i => ByteInput.AsByte(i) is not null) => items.Select(i => ByteInput.AsByte(i)!.Value).ToArray(),
            _ => throw new ArgumentException($"{name} is a {value.GetType().Name}; give hex text, bytes, or a SecureString holding hex."),
        };
    }

    private static byte[] FromSecureString(SecureString secure, string name)
    {
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        var chars = new char[secure.Length];
        try
        {
            Marshal.Copy(pointer, chars, 0, chars.Length);
            return FromHexChars(chars, name);
        }
        finally
        {
            Array.Clear(chars);
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    /// <summary>Hex digits as <see cref="Hex"/> reads them; the error says how to give a key but shows none of it (not even the wrong character).</summary>
    private static byte[] FromHexChars(ReadOnlySpan<char> text, string name) =>
        Hex.TryParse(text, out var key, out _)
            ? key
            : throw new ArgumentException($"{name} is not hex text; give it as hex digits, two per byte (e.g. 32 digits for a 16-byte key).");
}
