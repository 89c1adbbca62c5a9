namespace PcscTools.TestDoubles;

/// <summary>Ways a listener on pcscd's socket can fail a client, for tests that no real pcscd can show.</summary>
public enum DaemonMisbehaviour
{
    /// <summary>Answers as the emulated release does.</summary>
    None,
    /// <summary>Accepts the connection and reads, but never writes.</summary>
    NeverAnswers,
    /// <summary>Closes every connection as soon as it is accepted (as a polkit refusal does).</summary>
    ClosesAtOnce,
    /// <summary>
    /// Closes every connection unanswered, and unread, once the client's version request (header and body) has
    /// arrived: a polkit refusal whose close comes after the client's writes (pcscd asks polkit over D-Bus first).
    /// libpcsclite then always reports SCARD_W_SECURITY_VIOLATION (seen here: 30 of 30; a close after reading the
    /// request gives SCARD_E_NO_SERVICE instead). After <see cref="ClosesAtOnce"/> the client sees either, depending
    /// on whether its write or the close comes first (seen here: 13 and 17 of 30).
    /// </summary>
    ClosesAfterRequest,
    /// <summary>Answers the version request with 12 bytes that are no version_struct.</summary>
    Garbage,
    /// <summary>Answers with 5 bytes and closes.</summary>
    ShortAnswer,
    /// <summary>Sends bytes without end.</summary>
    EndlessData,
}
