namespace PcscTools.Simulator.VirtualCard;

/// <summary>A command APDU as the card sees it (ISO 7816-4 cases 1–4, short and extended).</summary>
internal readonly struct ParsedCommand
{
    public ParsedCommand(ReadOnlySpan<byte> raw)
    {
        Cla = raw[0];
        Ins = raw[1];
        P1 = raw[2];
        P2 = raw[3];
        Data = Array.Empty<byte>();
        Le = null;
        var body = raw[4..];
        if (body.Length == 0)
        {
            return;
        }
        if (body.Length == 1)
        {
            Le = body[0] == 0 ? 256 : body[0];
            return;
        }
        if (body[0] == 0 && body.Length >= 3)
        {
            // Extended length: 00 then two-byte Lc or Le.
            var first = (body[1] << 8) | body[2];
            if (body.Length == 3)
            {
                Le = first == 0 ? 65536 : first;
                return;
            }
            Data = body.Slice(3, Math.Min(first, body.Length - 3)).ToArray();
            var rest = body[(3 + Data.Length)..];
            if (rest.Length == 2)
            {
                var le = (rest[0] << 8) | rest[1];
                Le = le == 0 ? 65536 : le;
            }
            return;
        }
        var lc = body[0];
        Data = body.Slice(1, Math.Min(lc, body.Length - 1)).ToArray();
        if (body.Length == 2 + lc)
        {
            Le = body[^1] == 0 ? 256 : body[^1];
        }
    }

    public byte Cla { get; }
    public byte Ins { get; }
    public byte P1 { get; }
    public byte P2 { get; }
    public byte[] Data { get; }

    /// <summary>The expected response length (256 or 65536 for a zero Le); null when the command has no Le.</summary>
    public int? Le { get; }

    /// <summary>Le was zero: "as much as you have, up to the maximum".</summary>
    public bool LeIsMaximum => Le is 256 or 65536;
}
