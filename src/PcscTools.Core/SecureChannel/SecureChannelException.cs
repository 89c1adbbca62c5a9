namespace PcscTools.SecureChannel;

/// <summary>A secure channel that could not be opened, or a response it had to reject. The message never holds key bytes.</summary>
public sealed class SecureChannelException : Exception
{
    public SecureChannelException(SecureChannelFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    public SecureChannelFailure Failure { get; }
}
