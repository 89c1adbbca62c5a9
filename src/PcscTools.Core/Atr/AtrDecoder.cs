using PcscTools.Bytes;

namespace PcscTools.Atr;

/// <summary>
/// Decodes an answer to reset per ISO/IEC 7816-3 §8. Never throws on malformed input: it decodes as far as the bytes
/// go and lists what is wrong in <see cref="AtrAnalysis.Problems"/>. Where the standard leaves room (a TCK after a
/// T=0-only ATR, bytes beyond the historical ones) it reads the ATR the way pcsc-tools' ATR_analysis does.
/// </summary>
public static class AtrDecoder
{
    /// <summary>ISO/IEC 7816-3 §8.2.1: TS plus at most 32 characters.</summary>
    public const int MaxLength = 33;

    private static readonly string[] ClockStopModes = ["not supported", "state L", "state H", "no preference"];

    public static AtrAnalysis Decode(ReadOnlySpan<byte> atr, SmartcardList? cards = null)
    {
        var bytes = atr.ToArray();
        var state = new DecodeState(bytes);
        if (bytes.Length == 0)
        {
            state.Problems.Add("The ATR is empty.");
        }
        else
        {
            DecodeAfterTs(state);
        }
        var noCards = Array.Empty<CardIdentification>();
        return new AtrAnalysis
        {
            Atr = new HexBytes(bytes),
            Convention = bytes.Length == 0 ? AtrConvention.Undefined : ConventionOf(bytes[0]),
            T0 = bytes.Length > 1 ? bytes[1] : null,
            InterfaceGroups = state.Groups,
            Protocols = bytes.Length < 2 ? [] : state.Protocols.Count == 0 ? ["T=0"] : state.Protocols.Distinct().Select(Name).ToList(),
            Fi = ClockRate.Fi(state.Ta1),
            Di = ClockRate.Di(state.Ta1),
            MaxClockMHz = ClockRate.MaxClockMHz(state.Ta1),
            CyclesPerEtu = ClockRate.Fi(state.Ta1) is int fi && ClockRate.Di(state.Ta1) is int di ? (double)fi / di : null,
            ExtraGuardTime = state.Tc1,
            SpecificModeProtocol = state.Ta2 is byte ta2 ? Name(ta2 & 0xF) : null,
            WaitingTimeInteger = state.Offers(0) ? state.Tc2 ?? 10 : null,
            Ifsc = state.Offers(1) ? state.T1Ifsc ?? 32 : null,
            Bwi = state.Offers(1) ? (state.T1Waiting ?? 0x4D) >> 4 : null,
            Cwi = state.Offers(1) ? (state.T1Waiting ?? 0x4D) & 0xF : null,
            ErrorDetection = state.Offers(1) ? ((state.T1Edc ?? 0) & 1) == 1 ? "CRC" : "LRC" : null,
            ClockStop = state.T15Ta is byte t15 ? ClockStopModes[t15 >> 6] : null,
            Classes = state.T15Ta is byte classes ? Classes(classes) : [],
            HistoricalBytes = state.Historical.Bytes,
            Historical = state.Historical,
            Tck = state.Tck,
            TckValid = state.TckValid,
            TckRequired = state.TckRequired,
            Cards = cards?.Identify(bytes) ?? noCards,
            ListPath = cards?.Path,
            Problems = state.Problems,
        };
    }

    public static AtrAnalysis Decode(HexBytes atr, SmartcardList? cards = null) => Decode(atr.AsSpan(), cards);

    private static void DecodeAfterTs(DecodeState s)
    {
        var bytes = s.Bytes;
        if (ConventionOf(bytes[0]) == AtrConvention.Undefined)
        {
            s.Problems.Add($"TS = {bytes[0]:X2} is neither 3B (direct convention) nor 3F (inverse convention): this is not an ISO/IEC 7816-3 microprocessor card (a memory card, perhaps).");
        }
        if (bytes.Length > MaxLength)
        {
            s.Problems.Add($"The ATR is {bytes.Length} bytes long; ISO/IEC 7816-3 allows at most {MaxLength}.");
        }
        if (bytes.Length < 2)
        {
            s.Problems.Add("The ATR is truncated: T0 is missing.");
            return;
        }
        var k = bytes[1] & 0xF;
        if (!DecodeInterfaceBytes(s, bytes[1] >> 4))
        {
            return;
        }
        DecodeTail(s, k);
    }

    /// <summary>Reads TA(i)…TD(i) level by level; false when the ATR ends in the middle of them.</summary>
    private static bool DecodeInterfaceBytes(DecodeState s, int indicator)
    {
        int? appliesTo = null;
        for (var level = 1; ; level++)
        {
            var present = new byte?[4];
            for (var bit = 0; bit < 4; bit++)
            {
                if ((indicator & (1 << bit)) == 0)
                {
                    continue;
                }
                if (s.Position >= s.Bytes.Length)
                {
                    s.Groups.Add(Group(s, level, appliesTo, present));
                    s.Problems.Add($"The ATR is truncated: T{"ABCD"[bit]}({level}) is missing.");
                    return false;
                }
                present[bit] = s.Bytes[s.Position++];
            }
            if (present.Any(b => b is not null))
            {
                s.Groups.Add(Group(s, level, appliesTo, present));
            }
            if (present[3] is not byte td)
            {
                return true;
            }
            s.Protocols.Add(td & 0xF);
            indicator = td >> 4;
            appliesTo = level >= 2 ? td & 0xF : null;
        }
    }

    private static AtrInterfaceGroup Group(DecodeState s, int level, int? appliesTo, byte?[] b)
    {
        var meanings = new List<string>();
        void Say(char which, byte value, string meaning) => meanings.Add($"T{which}({level}) = {value:X2}: {meaning}");
        if (b[0] is byte ta)
        {
            Say('A', ta, MeaningOfTa(s, level, appliesTo, ta));
        }
        if (b[1] is byte tb)
        {
            Say('B', tb, MeaningOfTb(s, level, appliesTo, tb));
        }
        if (b[2] is byte tc)
        {
            Say('C', tc, MeaningOfTc(s, level, appliesTo, tc));
        }
        if (b[3] is byte td)
        {
            Say('D', td, $"Y({level + 1}) = {Convert.ToString(td >> 4, 2).PadLeft(4, '0')}, protocol T={td & 0xF}" + ((td & 0xF) == 15 ? " (global interface bytes follow)" : ""));
        }
        return new AtrInterfaceGroup(level, appliesTo, b[0], b[1], b[2], b[3], meanings);
    }

    private static string MeaningOfTa(DecodeState s, int level, int? appliesTo, byte ta)
    {
        if (level == 1)
        {
            s.Ta1 = ta;
            var fi = ClockRate.Fi(ta);
            var di = ClockRate.Di(ta);
            var fmax = ClockRate.MaxClockMHz(ta);
            if (fi is null)
            {
                s.Problems.Add($"TA(1) = {ta:X2}: the Fi code {ta >> 4:X} is reserved for future use.");
            }
            if (di is null)
            {
                s.Problems.Add($"TA(1) = {ta:X2}: the Di code {ta & 0xF:X} is reserved for future use.");
            }
            var text = $"Fi={fi?.ToString() ?? "RFU"}, Di={di?.ToString() ?? "RFU"}";
            if (fi is int f && di is int d)
            {
                var cycles = (double)f / d;
                text += $", {cycles:0.###} cycles/ETU, {(int)(4_000_000 / cycles)} bits/s at 4 MHz, fMax {fmax} MHz => {(int)(fmax!.Value * 1_000_000 / cycles)} bits/s";
            }
            return text;
        }
        if (level == 2)
        {
            s.Ta2 = ta;
            return $"specific mode, protocol T={ta & 0xF}, {((ta & 0x80) != 0 ? "unable" : "capable")} to change, " +
                   $"{((ta & 0x10) != 0 ? "parameters implicitly defined" : "parameters defined by the interface bytes")}";
        }
        switch (appliesTo)
        {
            case 1:
                s.T1Ifsc ??= ta;
                if (ta is 0x00 or 0xFF)
                {
                    s.Problems.Add($"TA({level}) = {ta:X2}: IFSC must be 01 to FE.");
                }
                return $"IFSC {ta}";
            case 15:
                s.T15Ta ??= ta;
                var classes = Classes(ta);
                return $"clock stop: {ClockStopModes[ta >> 6]}, classes accepted: {(classes.Count > 0 ? string.Join(", ", classes) : "none given")}";
            default:
                return $"specific to T={appliesTo}";
        }
    }

    private static string MeaningOfTb(DecodeState s, int level, int? appliesTo, byte tb) => (level, appliesTo) switch
    {
        (1, _) => (tb & 0x1F) == 0 ? "VPP is not electrically connected" : $"programming voltage PI1 = {tb & 0x1F}, current II = {tb >> 5} (deprecated)",
        (2, _) => $"programming voltage PI2 = {tb} (deprecated)",
        (_, 1) => T1Waiting(s, tb),
        (_, 15) => $"SPU: {((tb & 0x80) != 0 ? "proprietary use" : tb == 0 ? "C6 not used" : "standard use")}",
        _ => $"specific to T={appliesTo}",
    };

    private static string T1Waiting(DecodeState s, byte tb)
    {
        s.T1Waiting ??= tb;
        return $"BWI {tb >> 4}, CWI {tb & 0xF}";
    }

    private static string MeaningOfTc(DecodeState s, int level, int? appliesTo, byte tc)
    {
        switch (level, appliesTo)
        {
            case (1, _):
                s.Tc1 = tc;
                return $"extra guard time N = {tc}" + (tc == 255 ? " (special value: minimal guard time)" : "");
            case (2, _):
                s.Tc2 = tc;
                if (tc == 0)
                {
                    s.Problems.Add("TC(2) = 00: the waiting time integer WI must not be 0.");
                }
                return $"waiting time integer WI = {tc} (work waiting time 960 x {tc} x Fi/f)";
            case (_, 1):
                s.T1Edc ??= tc;
                return "error detection code: " + ((tc & 1) == 1 ? "CRC" : "LRC");
            default:
                return $"specific to T={appliesTo}";
        }
    }

    /// <summary>Historical bytes and TCK. The TCK is the byte after K historical bytes when exactly one is left, as ATR_analysis reads it.</summary>
    private static void DecodeTail(DecodeState s, int k)
    {
        var bytes = s.Bytes;
        var remaining = bytes.Length - s.Position;
        s.TckRequired = s.Protocols.Any(t => t != 0);
        var historicalLength = Math.Min(k, remaining);
        s.Historical = AtrHistoricalBytes.Decode(bytes.AsSpan(s.Position, historicalLength).ToArray(), s.Problems);
        if (remaining < k)
        {
            s.Problems.Add($"The ATR is truncated: {k - remaining} of its {k} historical byte(s) are missing.");
        }
        else if (remaining == k + 1)
        {
            s.Tck = bytes[^1];
            var check = 0;
            foreach (var b in bytes.AsSpan(1))
            {
                check ^= b;
            }
            s.TckValid = check == 0;
            if (check != 0)
            {
                s.Problems.Add($"Wrong TCK: the ATR has {bytes[^1]:X2} where {bytes[^1] ^ check:X2} makes T0…TCK XOR to zero.");
            }
            if (!s.TckRequired)
            {
                s.Problems.Add("The ATR ends in a TCK although it offers only T=0, where ISO/IEC 7816-3 says TCK shall be absent.");
            }
        }
        else if (remaining > k + 1)
        {
            s.Problems.Add($"The ATR is too long: {remaining - k} byte(s) follow the {k} historical byte(s) where at most a TCK belongs.");
        }
        else if (s.TckRequired)
        {
            s.Problems.Add("The TCK is missing: the ATR offers a protocol other than T=0, so ISO/IEC 7816-3 requires one.");
        }
    }

    private static List<string> Classes(byte ta)
    {
        var classes = new List<string>();
        if ((ta & 0x01) != 0)
        {
            classes.Add("A (5 V)");
        }
        if ((ta & 0x02) != 0)
        {
            classes.Add("B (3 V)");
        }
        if ((ta & 0x04) != 0)
        {
            classes.Add("C (1.8 V)");
        }
        if ((ta & 0x38) != 0)
        {
            classes.Add("RFU");
        }
        return classes;
    }

    private static AtrConvention ConventionOf(byte ts) => ts switch
    {
        0x3B => AtrConvention.Direct,
        0x3F => AtrConvention.Inverse,
        _ => AtrConvention.Undefined,
    };

    private static string Name(int protocol) => $"T={protocol}";

    /// <summary>What the decoding has found so far.</summary>
    private sealed class DecodeState(byte[] bytes)
    {
        public byte[] Bytes { get; } = bytes;
        public int Position { get; set; } = 2;
        public List<AtrInterfaceGroup> Groups { get; } = [];
        public List<int> Protocols { get; } = [];
        public List<string> Problems { get; } = [];
        public byte Ta1 { get; set; } = ClockRate.DefaultTa1;
        public byte? Ta2 { get; set; }
        public int Tc1 { get; set; }
        public int? Tc2 { get; set; }
        public int? T1Ifsc { get; set; }
        public byte? T1Waiting { get; set; }
        public byte? T1Edc { get; set; }
        public byte? T15Ta { get; set; }
        public AtrHistoricalBytes Historical { get; set; } = AtrHistoricalBytes.Decode([], []);
        public byte? Tck { get; set; }
        public bool? TckValid { get; set; }
        public bool TckRequired { get; set; }

        /// <summary>T=0 is offered when no TD says otherwise.</summary>
        public bool Offers(int protocol) => Protocols.Count == 0 ? protocol == 0 : Protocols.Contains(protocol);
    }
}
