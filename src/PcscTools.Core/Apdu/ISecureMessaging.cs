using PcscTools.Bytes;

namespace PcscTools.Apdu;

/// <summary>
/// Protects a card session's commands: <see cref="ApduEngine"/> wraps each command before it is sent and unwraps the
/// joined answer after its follow-ups. Unwrap throws for an answer it must reject
/// (SecureChannel's channels throw a SecureChannelException). The engine knows only this interface; the channels above implement it.
/// </summary>
public interface ISecureMessaging
{
    CommandApdu Wrap(CommandApdu command);

    HexBytes Unwrap(HexBytes data, byte sw1, byte sw2);

    /// <summary>
    /// The most data bytes a command may carry so that, wrapped, it carries at most <paramref name="wrappedLimit"/>: room
    /// left for the MAC (8 or 16 bytes) and C-DECRYPTION's padding (up to a block).
    /// </summary>
    int MaxDataLength(int wrappedLimit);

    /// <summary>Ends the protection: the card was reset, or another channel replaces this one.</summary>
    void Close();
}
