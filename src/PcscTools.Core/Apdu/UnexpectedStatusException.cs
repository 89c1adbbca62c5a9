namespace PcscTools.Apdu;

/// <summary>A card answered with a status word the caller did not expect; the response is kept for inspection.</summary>
public sealed class UnexpectedStatusException : Exception
{
    public UnexpectedStatusException(ResponseApdu response, IReadOnlyList<StatusPattern> expected)
        : base($"The card answered {response.Command} with {response.StatusWord} ({response.Meaning}); expected {string.Join(", ", expected)}.")
    {
        Response = response;
        Expected = expected;
    }

    public ResponseApdu Response { get; }

    public IReadOnlyList<StatusPattern> Expected { get; }
}
