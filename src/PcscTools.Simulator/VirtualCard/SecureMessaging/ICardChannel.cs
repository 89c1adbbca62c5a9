namespace PcscTools.Simulator.VirtualCard.SecureMessaging;

/// <summary>The card's end of one authenticated channel: checks and opens each secured command, protects each answer.</summary>
internal interface ICardChannel : IDisposable
{
    /// <summary>The plain command, or null when the command's C-MAC does not verify or its data cannot be decrypted.</summary>
    byte[]? Unwrap(ReadOnlySpan<byte> command);

    /// <summary>The answer (data and status word) with R-ENCRYPTION and R-MAC as the security level asks.</summary>
    byte[] Protect(byte[] answer);

    /// <summary>Forgets the last command, as a card does that answered it 6Cxx: the same secured command is sent again with the right Le.</summary>
    void Rewind();
}
