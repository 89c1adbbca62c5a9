namespace PcscTools.Access;

/// <summary>What a process connected to pcscd is known to do with cards.</summary>
public enum ClientRole
{
    /// <summary>A program this module does not know: it may hold a card.</summary>
    Unknown,
    /// <summary>A program known to take cards exclusively and keep them (gpg's scdaemon).</summary>
    ExclusiveHolder,
    /// <summary>A program known only to watch readers (pcsc_scan): it holds no card.</summary>
    Watcher,
    /// <summary>The process asking.</summary>
    ThisProcess,
}
