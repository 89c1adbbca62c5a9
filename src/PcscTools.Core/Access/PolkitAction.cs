namespace PcscTools.Access;

/// <summary>The two polkit actions a polkit-enabled pcscd asks about, and where their policy lives.</summary>
public static class PolkitAction
{
    /// <summary>Checked when a client connects to pcscd's socket, before pcscd reads anything.</summary>
    public const string AccessPcsc = "org.debian.pcsc-lite.access_pcsc";

    /// <summary>Checked on SCardConnect; the detail "reader" carries the reader's full name.</summary>
    public const string AccessCard = "org.debian.pcsc-lite.access_card";

    /// <summary>The detail polkit rules read with action.lookup("reader").</summary>
    public const string ReaderDetail = "reader";

    public const string PolicyPath = "/usr/share/polkit-1/actions/org.debian.pcsc-lite.policy";
}
