using System.Text;
using PcscTools.Bytes;

namespace PcscTools.Apdu;

/// <summary>
/// A command APDU (ISO 7816-4): header CLA INS P1 P2, optional data (Lc) and optional expected length (Le), in short or
/// extended length. Immutable; made from its parts, or parsed (and checked) from the bytes or hex text a user wrote.
/// </summary>
public sealed class CommandApdu
{
    /// <summary>The most data one command can carry (a two-byte extended Lc).</summary>
    public const int MaxDataLength = 65535;

    /// <summary>The most data a command can ask for (an extended Le of 0000).</summary>
    public const int MaxExpectedLength = 65536;

    private const int HeaderLength = 4;

    private readonly byte[] _bytes;

    private CommandApdu(byte[] bytes, ApduCase apduCase, int lc, int? ne, bool redacted)
    {
        _bytes = bytes;
        Case = apduCase;
        Lc = lc;
        Le = ne;
        IsRedacted = redacted;
    }

    /// <summary>Builds a command. <paramref name="le"/>: null for none, 0 for "as much as there is" (256, or 65536 when extended), else 1–65536. Extended length is used when the data or Le need it, or when asked.</summary>
    public CommandApdu(byte cla, byte ins, byte p1, byte p2, ReadOnlySpan<byte> data = default, int? le = null, bool extended = false)
    {
        if (data.Length > MaxDataLength)
        {
            throw new ApduFormatException(Describe(cla, ins, p1, p2, data.Length), $"the data field holds {data.Length:N0} bytes; a command carries at most {MaxDataLength:N0}");
        }
        if (le is < 0 or > MaxExpectedLength)
        {
            throw new ApduFormatException(Describe(cla, ins, p1, p2, data.Length), $"Le {le} is out of range; use 0 (as much as there is) or 1 to {MaxExpectedLength:N0}");
        }
        extended |= data.Length > 255 || le > 256;
        var ne = le == 0 ? (extended ? MaxExpectedLength : 256) : le;
        Lc = data.Length;
        Le = ne;
        Case = (data.Length > 0, ne is not null, extended) switch
        {
            (false, false, _) => ApduCase.Case1,
            (false, true, false) => ApduCase.Case2Short,
            (true, false, false) => ApduCase.Case3Short,
            (true, true, false) => ApduCase.Case4Short,
            (false, true, true) => ApduCase.Case2Extended,
            (true, false, true) => ApduCase.Case3Extended,
            (true, true, true) => ApduCase.Case4Extended,
        };
        _bytes = Encode(cla, ins, p1, p2, data, ne, Case);
    }

    public byte Cla => _bytes[0];

    public byte Ins => _bytes[1];

    public byte P1 => _bytes[2];

    public byte P2 => _bytes[3];

    public ApduCase Case { get; }

    public bool IsExtended => Case >= ApduCase.Case2Extended;

    /// <summary>The number of data bytes (0 when none).</summary>
    public int Lc { get; }

    /// <summary>The number of bytes asked for (Ne: 1–65536, where an encoded 00 means 256 or 65536), or null when the command asks for none.</summary>
    public int? Le { get; }

    /// <summary>The data field; null when this is a redacted copy.</summary>
    public HexBytes? Data => IsRedacted ? null : new HexBytes(DataSpan);

    /// <summary>The whole command as sent; null when this is a redacted copy.</summary>
    public HexBytes? Bytes => IsRedacted ? null : new HexBytes(_bytes);

    public int Length => _bytes.Length;

    /// <summary>Whether the data field carries a PIN or other secret (VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER…).</summary>
    public bool IsSecret => SecretCommands.CarriesSecret(Ins) && Lc > 0;

    /// <summary>Whether the data was removed (a copy fit for logs and history).</summary>
    public bool IsRedacted { get; }

    /// <summary>The encoded command, for sending without a copy.</summary>
    internal ReadOnlySpan<byte> Span => _bytes;

    private ReadOnlySpan<byte> DataSpan => Lc == 0 ? default : _bytes.AsSpan(IsExtended ? 7 : 5, Lc);

    /// <summary>Parses and checks hex text ("00 A4 04 00 0A F0…", any case, spaces or not, 0x prefix allowed).</summary>
    public static CommandApdu Parse(string text)
    {
        if (!Hex.TryParse(text, out var bytes, out var problem))
        {
            throw new ApduFormatException(text, problem!);
        }
        return Parse(bytes, text, owned: bytes);
    }

    /// <summary>Parses and checks the bytes of a command: the header is complete and Lc agrees with the data that follows.</summary>
    public static CommandApdu Parse(ReadOnlySpan<byte> raw) => Parse(raw, null, owned: null);

    /// <summary>With <paramref name="owned"/> (the array behind <paramref name="raw"/>, made for this command), keeps it rather than a copy.</summary>
    private static CommandApdu Parse(ReadOnlySpan<byte> raw, string? text, byte[]? owned)
    {
        ApduFormatException Bad(ReadOnlySpan<byte> bytes, string problem) => new(text ?? Hex.Format(bytes), problem);
        if (raw.Length < HeaderLength)
        {
            throw Bad(raw, $"it has {raw.Length} byte(s); a command needs at least the four header bytes CLA INS P1 P2");
        }
        const int longest = HeaderLength + 3 + MaxDataLength + 2;
        if (raw.Length > longest)
        {
            throw Bad(raw, $"it is {raw.Length:N0} bytes long; a command carries at most {MaxDataLength:N0} data bytes ({longest:N0} bytes in all)");
        }
        var body = raw[HeaderLength..];
        var copy = owned ?? raw.ToArray();
        switch (body.Length)
        {
            case 0:
                return new CommandApdu(copy, ApduCase.Case1, 0, null, false);
            case 1:
                return new CommandApdu(copy, ApduCase.Case2Short, 0, body[0] == 0 ? 256 : body[0], false);
        }
        if (body[0] != 0)
        {
            var lc = body[0];
            if (body.Length == 1 + lc)
            {
                return new CommandApdu(copy, ApduCase.Case3Short, lc, null, false);
            }
            if (body.Length == 2 + lc)
            {
                return new CommandApdu(copy, ApduCase.Case4Short, lc, body[^1] == 0 ? 256 : body[^1], false);
            }
            throw Bad(raw, $"Lc {lc:X2} says {lc} data byte(s), but {body.Length - 1} byte(s) follow it (expected {lc}, or {lc + 1} with Le)");
        }
        if (body.Length == 3)
        {
            var ne = (body[1] << 8) | body[2];
            return new CommandApdu(copy, ApduCase.Case2Extended, 0, ne == 0 ? MaxExpectedLength : ne, false);
        }
        if (body.Length < 3)
        {
            throw Bad(raw, "a byte 00 after the header starts an extended length, which needs two more bytes");
        }
        var extendedLc = (body[1] << 8) | body[2];
        if (extendedLc == 0)
        {
            throw Bad(raw, "an extended Lc of 0000 is not allowed: a command without data has no Lc");
        }
        if (body.Length == 3 + extendedLc)
        {
            return new CommandApdu(copy, ApduCase.Case3Extended, extendedLc, null, false);
        }
        if (body.Length == 5 + extendedLc)
        {
            var ne = (body[^2] << 8) | body[^1];
            return new CommandApdu(copy, ApduCase.Case4Extended, extendedLc, ne == 0 ? MaxExpectedLength : ne, false);
        }
        throw Bad(raw, $"extended Lc {extendedLc:X4} says {extendedLc:N0} data byte(s), but {body.Length - 3:N0} byte(s) follow it (expected {extendedLc:N0}, or {extendedLc + 2:N0} with Le)");
    }

    /// <summary>The same command asking for <paramref name="ne"/> bytes (how a 6Cxx answer is honoured).</summary>
    public CommandApdu WithLe(int ne) => new(Cla, Ins, P1, P2, DataSpan, ne, IsExtended);

    /// <summary>The same command without Le (a T=0 case-4 command is sent this way, its answer fetched with GET RESPONSE).</summary>
    public CommandApdu WithoutLe() => new(Cla, Ins, P1, P2, DataSpan, null, IsExtended);

    /// <summary>This command with its data removed when it carries a secret (and <paramref name="showSecrets"/> is false); otherwise itself.</summary>
    public CommandApdu ForDisplay(bool showSecrets) =>
        IsSecret && !showSecrets && !IsRedacted ? new CommandApdu(_bytes, Case, Lc, Le, redacted: true) : this;

    /// <summary>Uppercase hex pairs; a redacted copy shows ** for each data byte.</summary>
    public override string ToString()
    {
        if (!IsRedacted)
        {
            return Hex.Format(_bytes);
        }
        var dataStart = IsExtended ? 7 : 5;
        var text = new StringBuilder(Hex.Format(_bytes.AsSpan(0, dataStart)));
        text.Insert(text.Length, " **", Lc);
        if (Le is not null)
        {
            text.Append(' ').Append(Hex.Format(_bytes.AsSpan(dataStart + Lc)));
        }
        return text.ToString();
    }

    private static byte[] Encode(byte cla, byte ins, byte p1, byte p2, ReadOnlySpan<byte> data, int? ne, ApduCase apduCase)
    {
        var extended = apduCase >= ApduCase.Case2Extended;
        var lcLength = data.Length == 0 ? 0 : extended ? 3 : 1;
        var leLength = ne is null ? 0 : !extended ? 1 : data.Length == 0 ? 3 : 2;
        var bytes = new byte[HeaderLength + lcLength + data.Length + leLength];
        bytes[0] = cla;
        bytes[1] = ins;
        bytes[2] = p1;
        bytes[3] = p2;
        var at = HeaderLength;
        if (lcLength == 1)
        {
            bytes[at++] = (byte)data.Length;
        }
        else if (lcLength == 3)
        {
            bytes[at++] = 0;
            bytes[at++] = (byte)(data.Length >> 8);
            bytes[at++] = (byte)data.Length;
        }
        data.CopyTo(bytes.AsSpan(at));
        at += data.Length;
        if (ne is { } n)
        {
            var encoded = n == (extended ? MaxExpectedLength : 256) ? 0 : n;
            if (leLength == 3)
            {
                bytes[at++] = 0;
            }
            if (extended)
            {
                bytes[at++] = (byte)(encoded >> 8);
            }
            bytes[at] = (byte)encoded;
        }
        return bytes;
    }

    private static string Describe(byte cla, byte ins, byte p1, byte p2, int dataLength) =>
        $"{Hex.Format([cla, ins, p1, p2])} with {dataLength:N0} data bytes";
}
