using System.Collections;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using PcscTools.Bytes;
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
        input = input is PSObject wrapped ? wrapped.BaseObject : input;
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
        value = value is PSObject wrapped ? wrapped.BaseObject : value;
        var name = role.Length == 0 ? "The key" : $"The {role} key";
        return value switch
        {
            SecureString secure => FromSecureString(secure, name),
            byte[] bytes => (byte[])bytes.Clone(),
            HexBytes hex => hex.ToArray(),
            string text => FromHexChars(text.AsSpan(), name),
            object[] items when items.All(i => (i is PSObject p ? p.BaseObject : i) is byte or int) =>
                items.Select(i => Convert.ToByte(i is PSObject p ? p.BaseObject : i, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
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

    /// <summary>Hex digits, with spaces, colons or dashes between them; the error says what is wrong but not what was given.</summary>
    private static byte[] FromHexChars(ReadOnlySpan<char> text, string name)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }
        var digits = new byte[text.Length];
        var count = 0;
        try
        {
            foreach (var c in text)
            {
                if (c is ' ' or ':' or '-' or '\t')
                {
                    continue;
                }
                if (!char.IsAsciiHexDigit(c))
                {
                    throw new ArgumentException($"{name} holds a character that is not a hex digit; give it as hex (e.g. 32 digits for a 16-byte key).");
                }
                digits[count++] = (byte)(char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
            }
            if (count % 2 != 0)
            {
                throw new ArgumentException($"{name} has an odd number of hex digits ({count}); every byte needs two.");
            }
            var key = new byte[count / 2];
            for (var i = 0; i < key.Length; i++)
            {
                key[i] = (byte)((digits[2 * i] << 4) | digits[2 * i + 1]);
            }
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(digits);
        }
    }
}
