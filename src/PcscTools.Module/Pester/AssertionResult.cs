namespace PcscTools.Module.Pester;

/// <summary>What a Pester Should operator returns: whether the assertion held and, when not, why.</summary>
public sealed class AssertionResult
{
    private AssertionResult(bool succeeded, string? failureMessage)
    {
        Succeeded = succeeded;
        FailureMessage = failureMessage;
    }

    public bool Succeeded { get; }

    public string? FailureMessage { get; }

    public static AssertionResult Pass { get; } = new(true, null);

    public static AssertionResult Fail(string message) => new(false, message);
}
