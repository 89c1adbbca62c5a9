namespace PcscTools.Apdu;

/// <summary>A PIN in the formats cards take (<see cref="PinFormat"/>), built from characters that never pass through a string.</summary>
public static class PinBlock
{
    /// <summary>
    /// Encodes <paramref name="pin"/>. <paramref name="padTo"/> is the field's length in bytes (0: no padding); ISO 9564
    /// format 2 is always 8 bytes. The caller should clear the returned bytes once sent.
    /// </summary>
    public static byte[] Encode(ReadOnlySpan<char> pin, PinFormat format, int padTo = 0)
    {
        if (pin.IsEmpty)
        {
            throw new ArgumentException("The PIN is empty.", nameof(pin));
        }
        if (format != PinFormat.Ascii && !AllDigits(pin))
        {
            throw new ArgumentException($"A {format} PIN holds digits only; use the Ascii format for other characters.", nameof(pin));
        }
        switch (format)
        {
            case PinFormat.Ascii:
                foreach (var c in pin)
                {
                    if (c > 0x7E || c < 0x20)
                    {
                        throw new ArgumentException("An Ascii PIN holds printable ASCII characters only.", nameof(pin));
                    }
                }
                var ascii = Padded(pin.Length, padTo);
                for (var i = 0; i < pin.Length; i++)
                {
                    ascii[i] = (byte)pin[i];
                }
                return ascii;
            case PinFormat.Bcd:
                var bcd = Padded((pin.Length + 1) / 2, padTo);
                WriteNibbles(pin, bcd, 0);
                return bcd;
            case PinFormat.Iso9564Format2:
                if (pin.Length is < 4 or > 12)
                {
                    throw new ArgumentException($"An ISO 9564 format 2 PIN has 4 to 12 digits, not {pin.Length}.", nameof(pin));
                }
                var block = new byte[8];
                block.AsSpan().Fill(0xFF);
                block[0] = (byte)(0x20 | pin.Length);
                WriteNibbles(pin, block, 2);
                return block;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    /// <summary>An FF-filled field for a PIN of <paramref name="length"/> bytes.</summary>
    private static byte[] Padded(int length, int padTo)
    {
        if (padTo > 0 && length > padTo)
        {
            throw new ArgumentException($"The PIN takes {length} bytes, more than the {padTo} it is padded to.", nameof(padTo));
        }
        var bytes = new byte[Math.Max(length, padTo)];
        bytes.AsSpan().Fill(0xFF);
        return bytes;
    }

    /// <summary>Writes the digits a nibble each from nibble <paramref name="start"/>, leaving the F filler of the bytes around them.</summary>
    private static void WriteNibbles(ReadOnlySpan<char> pin, byte[] bytes, int start)
    {
        for (var i = 0; i < pin.Length; i++)
        {
            var nibble = start + i;
            var digit = pin[i] - '0';
            bytes[nibble / 2] = nibble % 2 == 0 ? (byte)((digit << 4) | (bytes[nibble / 2] & 0x0F)) : (byte)((bytes[nibble / 2] & 0xF0) | digit);
        }
    }

    private static bool AllDigits(ReadOnlySpan<char> pin)
    {
        foreach (var c in pin)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
