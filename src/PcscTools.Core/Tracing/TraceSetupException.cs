namespace PcscTools.Tracing;

/// <summary>A trace could not be set up (the spy library is missing, the program cannot be started); the message says what to do.</summary>
public sealed class TraceSetupException : Exception
{
    public TraceSetupException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
