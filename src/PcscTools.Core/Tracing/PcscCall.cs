using System.Globalization;
using System.Text;
using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.Errors;

namespace PcscTools.Tracing;

/// <summary>One PC/SC call a traced program made, as libpcscspy saw it: its arguments by name, its outputs and its result.</summary>
public sealed class PcscCall
{
    internal PcscCall(string thread, string function, DateTimeOffset time, SpyCallContent content, PcscError? result, string? spyMessage, TimeSpan? duration)
    {
        Thread = thread;
        Function = function;
        Time = time;
        Arguments = content.Arguments;
        Outputs = content.Outputs;
        Reader = content.Reader;
        Command = content.Command;
        Response = content.Response;
        IsDamaged = content.IsDamaged;
        Result = result;
        SpyMessage = spyMessage;
        Duration = duration;
    }

    /// <summary>When the call was made (the traced program's clock).</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The calling thread's id, as the spy writes it (hex).</summary>
    public string Thread { get; }

    /// <summary>The PC/SC function, e.g. SCardTransmit.</summary>
    public string Function { get; }

    /// <summary>The arguments passed in, by name (Context, Reader, ShareMode, PreferredProtocols, Timeout, ReaderStates, ControlCode, AttributeId, ...).</summary>
    public IReadOnlyDictionary<string, object?> Arguments { get; }

    /// <summary>What the call gave back, by name (Context, Card, ActiveProtocol, Readers, ReaderStates, Atr, ...); empty when it never returned.</summary>
    public IReadOnlyDictionary<string, object?> Outputs { get; }

    /// <summary>The argument names in the spy's order: a deserialised dictionary is a Hashtable, which keeps no order.</summary>
    public IReadOnlyList<string> ArgumentNames => Arguments.Keys.ToArray();

    /// <summary>The output names in the spy's order (see <see cref="ArgumentNames"/>).</summary>
    public IReadOnlyList<string> OutputNames => Outputs.Keys.ToArray();

    /// <summary>The reader the call is about: named in the call, or the one the card handle was connected to.</summary>
    public string? Reader { get; }

    /// <summary>SCardTransmit's command APDU (redacted when it carries a secret, unless shown on request).</summary>
    public CommandApdu? Command { get; }

    /// <summary>SCardTransmit's answer: data, status word and its meaning.</summary>
    public ResponseApdu? Response { get; }

    /// <summary>Whether the call's return was seen; false when the program ended (or the capture stopped) inside it.</summary>
    public bool Returned => Result is not null;

    /// <summary>The PC/SC result code; null when the call never returned.</summary>
    public PcscError? Result { get; }

    /// <summary>The result's C name, e.g. SCARD_E_TIMEOUT.</summary>
    public string? ResultName => Result is { } code ? PcscErrorDescription.Symbol(code) : null;

    /// <summary>What the result means, in plain English.</summary>
    public string Meaning => Result is { } code
        ? PcscErrorDescription.Text(code)
        : "The call never returned: the program ended (or the capture stopped) while it was under way.";

    /// <summary>The text libpcsclite gave the result (pcsc_stringify_error), as the spy wrote it.</summary>
    public string? SpyMessage { get; }

    public bool IsSuccess => Result == PcscError.Success;

    /// <summary>From the call to its return.</summary>
    public TimeSpan? Duration { get; }

    /// <summary>The argument lines did not fit the function's layout (a damaged or foreign capture); what could be read is kept.</summary>
    public bool IsDamaged { get; }

    /// <summary>The arguments and outputs in one line, e.g. <c>Reader='X' ShareMode=Shared -> Card=0x1 ActiveProtocol=T1</c>.</summary>
    public string Details
    {
        get
        {
            if (Command is not null)
            {
                return Response is null ? $"{Command}" : $"{Command} => {Response} ({Response.Meaning})";
            }
            var text = new StringBuilder(Join(Arguments));
            if (Outputs.Count > 0)
            {
                text.Append(text.Length > 0 ? " -> " : "-> ").Append(Join(Outputs));
            }
            return text.ToString();
        }
    }

    /// <summary>The return as pcsc-spy prints it: <c>=> SCARD_S_SUCCESS [0.000123]</c>.</summary>
    public string Outcome => Result is null
        ? "=> (never returned)"
        : string.Create(CultureInfo.InvariantCulture, $"=> {ResultName} [{Duration?.TotalSeconds:0.000000}]");

    public override string ToString() => $"{Function} {Details} {Outcome}";

    private static string Join(IReadOnlyDictionary<string, object?> values) =>
        string.Join(" ", values.Select(pair => $"{pair.Key}={Show(pair.Value)}"));

    private static string Show(object? value) => value switch
    {
        null => "NULL",
        string text when text.StartsWith("0x", StringComparison.Ordinal) => text,
        string text => $"'{text}'",
        HexBytes bytes => bytes.Length == 0 ? "(empty)" : bytes.ToString(),
        System.Collections.IEnumerable list and not string => $"[{string.Join(", ", list.Cast<object?>().Select(Show))}]",
        _ => value.ToString() ?? "",
    };
}
