namespace PcscTools.Errors;

/// <summary>A PC/SC call that failed, with its return code: the one exception type the core library throws for PC/SC failures.</summary>
public class PcscException : Exception
{
    /// <summary>A failure of <paramref name="operation"/>, reported with the code <see cref="PcscErrorMeaning.Reported"/> gives.</summary>
    public PcscException(PcscError code, string operation, string? target = null, string? detail = null)
        : base(Compose(PcscErrorMeaning.Reported(code, operation), operation, target, detail))
    {
        Code = PcscErrorMeaning.Reported(code, operation);
        Operation = operation;
        Target = target;
    }

    public PcscError Code { get; }

    /// <summary>The PC/SC function that failed, e.g. SCardConnect.</summary>
    public string Operation { get; }

    /// <summary>The reader (or other object) the call was about, if any.</summary>
    public string? Target { get; }

    public string Symbol => PcscErrorDescription.Symbol(Code);

    /// <summary>Throws unless <paramref name="code"/> is success.</summary>
    public static void ThrowIfFailed(PcscError code, string operation, string? target = null)
    {
        if (code != PcscError.Success)
        {
            throw new PcscException(code, operation, target);
        }
    }

    private static string Compose(PcscError code, string operation, string? target, string? detail)
    {
        var about = target is null ? "" : $" ('{target}')";
        var more = detail is null ? "" : " " + detail;
        return $"{PcscErrorDescription.Text(code)}{more} [{PcscErrorDescription.Symbol(code)} from {operation}{about}]";
    }
}
