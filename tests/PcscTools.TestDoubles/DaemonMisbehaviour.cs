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
    /// <summary>Answers the version request with 12 bytes that are no version_struct.</summary>
    Garbage,
    /// <summary>Answers with 5 bytes and closes.</summary>
    ShortAnswer,
    /// <summary>Sends bytes without end.</summary>
    EndlessData,
}
