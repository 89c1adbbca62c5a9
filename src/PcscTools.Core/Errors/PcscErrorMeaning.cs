namespace PcscTools.Errors;

/// <summary>The one place that decides what a PC/SC return code means in which call.</summary>
public static class PcscErrorMeaning
{
    /// <summary>The calls pcscd refuses a client in, when polkit says no: it closes the connection and libpcsclite says SCARD_W_SECURITY_VIOLATION.</summary>
    private static readonly HashSet<string> Refusable = new(StringComparer.Ordinal) { "SCardEstablishContext", "SCardConnect" };

    /// <summary>What <paramref name="code"/>, returned by the PC/SC function <paramref name="operation"/>, means.</summary>
    public static PcscFailureKind Of(PcscError code, string operation) => code switch
    {
        // Only those calls are refused that way; a killed pcscd resets the connection of any other call alike (libpcsclite 1.9.9+).
        PcscError.SecurityViolation => Refusable.Contains(operation) ? PcscFailureKind.AccessRefused : PcscFailureKind.ServiceLost,
        PcscError.NoService or PcscError.ServiceStopped or PcscError.CommError or PcscError.InvalidHandle or PcscError.UnknownError
            => PcscFailureKind.ServiceLost,
        // pcscd answers a call on a connection whose reader it removed with the code of a bad argument; ours are always valid.
        PcscError.InvalidValue when operation != "SCardEstablishContext" => PcscFailureKind.ReaderGone,
        _ => PcscFailureKind.CallFailed,
    };

    /// <summary>
    /// The code a failure of <paramref name="operation"/> is reported with. pcsc-lite (1.9.9+) turns a connection reset by
    /// pcscd into SCARD_W_SECURITY_VIOLATION, because that is how polkit refuses a client; in a call polkit never refuses,
    /// it means pcscd died with the request unread: a communication error.
    /// </summary>
    public static PcscError Reported(PcscError code, string operation) =>
        code == PcscError.SecurityViolation && !Refusable.Contains(operation) ? PcscError.CommError : code;

    /// <summary>What the failure <paramref name="exception"/> reports means.</summary>
    public static PcscFailureKind Of(PcscException exception) => Of(exception.Code, exception.Operation);
}
