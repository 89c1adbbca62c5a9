namespace PcscTools.Errors;

/// <summary>The C name and a plain-English explanation of each PC/SC return code.</summary>
public static class PcscErrorDescription
{
    private static readonly Dictionary<PcscError, (string Symbol, string Text)> Table = new()
    {
        [PcscError.Success] = ("SCARD_S_SUCCESS", "The operation succeeded."),
        [PcscError.InternalError] = ("SCARD_F_INTERNAL_ERROR", "The PC/SC service hit an internal error."),
        [PcscError.Cancelled] = ("SCARD_E_CANCELLED", "The operation was cancelled."),
        [PcscError.InvalidHandle] = ("SCARD_E_INVALID_HANDLE", "The context or card handle is no longer valid."),
        [PcscError.InvalidParameter] = ("SCARD_E_INVALID_PARAMETER", "A parameter passed to PC/SC was invalid."),
        [PcscError.InvalidTarget] = ("SCARD_E_INVALID_TARGET", "The reader or card named is not a valid target."),
        [PcscError.NoMemory] = ("SCARD_E_NO_MEMORY", "The PC/SC service ran out of memory."),
        [PcscError.WaitedTooLong] = ("SCARD_F_WAITED_TOO_LONG", "An internal wait in the PC/SC service took too long."),
        [PcscError.InsufficientBuffer] = ("SCARD_E_INSUFFICIENT_BUFFER", "The answer did not fit in the buffer given."),
        [PcscError.UnknownReader] = ("SCARD_E_UNKNOWN_READER", "No reader of that name is known to the PC/SC service."),
        [PcscError.Timeout] = ("SCARD_E_TIMEOUT", "The operation timed out."),
        [PcscError.SharingViolation] = ("SCARD_E_SHARING_VIOLATION", "The card is in use by another connection (sharing violation)."),
        [PcscError.NoSmartcard] = ("SCARD_E_NO_SMARTCARD", "There is no card in the reader."),
        [PcscError.UnknownCard] = ("SCARD_E_UNKNOWN_CARD", "The card is not known."),
        [PcscError.CantDispose] = ("SCARD_E_CANT_DISPOSE", "The card could not be disposed of as asked."),
        [PcscError.ProtoMismatch] = ("SCARD_E_PROTO_MISMATCH", "The card does not support the requested transmission protocol."),
        [PcscError.NotReady] = ("SCARD_E_NOT_READY", "The reader or card is not ready."),
        [PcscError.InvalidValue] = ("SCARD_E_INVALID_VALUE", "A value passed to PC/SC was out of range."),
        [PcscError.SystemCancelled] = ("SCARD_E_SYSTEM_CANCELLED", "The system cancelled the operation."),
        [PcscError.CommError] = ("SCARD_F_COMM_ERROR", "Communication with the PC/SC service failed."),
        [PcscError.UnknownError] = ("SCARD_F_UNKNOWN_ERROR", "The PC/SC service reported an unknown error."),
        [PcscError.InvalidAtr] = ("SCARD_E_INVALID_ATR", "The card's answer to reset (ATR) is invalid."),
        [PcscError.NotTransacted] = ("SCARD_E_NOT_TRANSACTED", "The reader or card did not complete the exchange."),
        [PcscError.ReaderUnavailable] = ("SCARD_E_READER_UNAVAILABLE", "The reader is no longer available (unplugged or failed)."),
        [PcscError.Shutdown] = ("SCARD_P_SHUTDOWN", "The operation was aborted because the PC/SC service is shutting down."),
        [PcscError.PciTooSmall] = ("SCARD_E_PCI_TOO_SMALL", "The protocol control information buffer is too small."),
        [PcscError.ReaderUnsupported] = ("SCARD_E_READER_UNSUPPORTED", "The reader driver does not support this operation."),
        [PcscError.DuplicateReader] = ("SCARD_E_DUPLICATE_READER", "A reader of that name already exists."),
        [PcscError.CardUnsupported] = ("SCARD_E_CARD_UNSUPPORTED", "The card is not supported by the reader."),
        [PcscError.NoService] = ("SCARD_E_NO_SERVICE", "The PC/SC service (pcscd) is not available."),
        [PcscError.ServiceStopped] = ("SCARD_E_SERVICE_STOPPED", "The PC/SC service (pcscd) stopped or refused this client."),
        [PcscError.UnsupportedFeature] = ("SCARD_E_UNSUPPORTED_FEATURE", "The reader, driver or PC/SC service does not support this feature."),
        [PcscError.IccInstallation] = ("SCARD_E_ICC_INSTALLATION", "No primary provider for the card could be found."),
        [PcscError.IccCreateOrder] = ("SCARD_E_ICC_CREATEORDER", "The requested creation order is not supported."),
        [PcscError.WindowsUnsupportedFeature] = ("SCARD_E_UNSUPPORTED_FEATURE", "The smart card service does not support this feature."),
        [PcscError.DirNotFound] = ("SCARD_E_DIR_NOT_FOUND", "The directory was not found on the card."),
        [PcscError.FileNotFound] = ("SCARD_E_FILE_NOT_FOUND", "The file was not found on the card."),
        [PcscError.NoDir] = ("SCARD_E_NO_DIR", "The path does not name a directory."),
        [PcscError.NoFile] = ("SCARD_E_NO_FILE", "The path does not name a file."),
        [PcscError.NoAccess] = ("SCARD_E_NO_ACCESS", "Access to the file was denied."),
        [PcscError.WriteTooMany] = ("SCARD_E_WRITE_TOO_MANY", "The card has no room left for the data."),
        [PcscError.BadSeek] = ("SCARD_E_BAD_SEEK", "The file pointer could not be set."),
        [PcscError.InvalidChv] = ("SCARD_E_INVALID_CHV", "The PIN is wrong."),
        [PcscError.UnknownResMng] = ("SCARD_E_UNKNOWN_RES_MNG", "An unrecognised error came from a layered component."),
        [PcscError.NoSuchCertificate] = ("SCARD_E_NO_SUCH_CERTIFICATE", "The requested certificate does not exist."),
        [PcscError.CertificateUnavailable] = ("SCARD_E_CERTIFICATE_UNAVAILABLE", "The requested certificate could not be read."),
        [PcscError.NoReadersAvailable] = ("SCARD_E_NO_READERS_AVAILABLE", "No smart-card reader is connected."),
        [PcscError.CommDataLost] = ("SCARD_E_COMM_DATA_LOST", "Data was lost talking to the card; try again."),
        [PcscError.NoKeyContainer] = ("SCARD_E_NO_KEY_CONTAINER", "The requested key container does not exist."),
        [PcscError.ServerTooBusy] = ("SCARD_E_SERVER_TOO_BUSY", "The PC/SC service is too busy to do this now."),
        [PcscError.UnsupportedCard] = ("SCARD_W_UNSUPPORTED_CARD", "The reader cannot talk to this card: its ATR does not match any supported configuration."),
        [PcscError.UnresponsiveCard] = ("SCARD_W_UNRESPONSIVE_CARD", "The card does not answer to reset: it may be inserted the wrong way, or be broken."),
        [PcscError.UnpoweredCard] = ("SCARD_W_UNPOWERED_CARD", "The card is not powered, so it cannot be talked to."),
        [PcscError.ResetCard] = ("SCARD_W_RESET_CARD", "The card was reset (by another program, or by this one), so the session's state is lost."),
        [PcscError.RemovedCard] = ("SCARD_W_REMOVED_CARD", "The card was removed from the reader."),
        [PcscError.SecurityViolation] = ("SCARD_W_SECURITY_VIOLATION", "Access to the reader or card was denied (polkit or a security rule)."),
        [PcscError.WrongChv] = ("SCARD_W_WRONG_CHV", "The card refused the PIN: it is wrong."),
        [PcscError.ChvBlocked] = ("SCARD_W_CHV_BLOCKED", "The PIN is blocked: too many wrong attempts."),
        [PcscError.Eof] = ("SCARD_W_EOF", "The end of the card file was reached."),
        [PcscError.CancelledByUser] = ("SCARD_W_CANCELLED_BY_USER", "The user cancelled the operation."),
        [PcscError.CardNotAuthenticated] = ("SCARD_W_CARD_NOT_AUTHENTICATED", "No PIN was presented to the card."),
    };

    /// <summary>The C name, e.g. SCARD_E_NO_SERVICE; for an unknown code, its hex value.</summary>
    public static string Symbol(PcscError code) =>
        Table.TryGetValue(code, out var entry) ? entry.Symbol : $"0x{(uint)code:X8}";

    /// <summary>A sentence a user understands.</summary>
    public static string Text(PcscError code) =>
        Table.TryGetValue(code, out var entry) ? entry.Text : $"The PC/SC layer returned an unknown code 0x{(uint)code:X8}.";

    /// <summary>Whether the code is one that pcsc-lite or WinSCard defines.</summary>
    public static bool IsKnown(PcscError code) => Table.ContainsKey(code);
}
