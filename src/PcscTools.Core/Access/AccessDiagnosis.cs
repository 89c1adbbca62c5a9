using PcscTools.Contexts;
using PcscTools.Errors;
using PcscTools.Interop;

namespace PcscTools.Access;

/// <summary>
/// Recognises a polkit refusal in a failed PC/SC call and explains it. pcscd 1.9.9+ refuses access_pcsc with
/// SCARD_W_SECURITY_VIOLATION from SCardEstablishContext; it refuses access_card by closing the connection during
/// SCardConnect, which the client sees as SCARD_F_COMM_ERROR — told apart from a broken daemon because a fresh
/// context is still accepted. Where polkit can be asked (pkcheck), its verdict confirms or rules out the refusal.
/// </summary>
public static class AccessDiagnosis
{
    private const string Disable = "or, where the administrator prefers, start pcscd without polkit: 'pcscd --disable-polkit' (pcsc-lite 2.0+; PCSCD_ARGS in /etc/default/pcscd since 2.3.1)";

    /// <summary>The refusal behind <paramref name="exception"/>, or null when it is not one.</summary>
    public static AccessRefusal? Explain(PcscException exception, string operation, string? reader) =>
        Explain(exception.Code, operation, reader ?? exception.Target, new PolkitAuthority(), FreshContextAnswers, PcscdMayEnforcePolkit);

    /// <summary>
    /// <paramref name="mayEnforce"/> rules out a refusal polkit cannot be asked about: a communication error from a
    /// pcscd seen to be built without polkit is a real one.
    /// </summary>
    internal static AccessRefusal? Explain(PcscError code, string operation, string? reader, PolkitAuthority polkit, Func<bool> freshContextAnswers, Func<bool> mayEnforce)
    {
        if (code == PcscError.SecurityViolation)
        {
            return Refusal(polkit.Check(PolkitAction.AccessPcsc), null);
        }
        if (code == PcscError.CommError && operation == "SCardConnect" && reader is not null && freshContextAnswers())
        {
            var answer = polkit.Check(PolkitAction.AccessCard, reader);
            return answer.Verdict == PolkitVerdict.Allowed || (answer.Verdict == PolkitVerdict.Unknown && !mayEnforce())
                ? null
                : Refusal(answer, reader);
        }
        return null;
    }

    /// <summary>The refusal polkit's own answer shows, for Test-PcscProtocol; null when polkit does not refuse.</summary>
    public static AccessRefusal? FromAnswer(PolkitAnswer answer) =>
        answer.Refuses ? Refusal(answer, answer.Action == PolkitAction.AccessCard ? answer.Reader : null) : null;

    private static AccessRefusal Refusal(PolkitAnswer answer, string? reader)
    {
        var user = Environment.UserName;
        var rule = new PolkitRule(user, reader);
        var reason = SessionOrigin.Describe();
        var what = reader is null
            ? $"pcscd refused this process (user '{user}') through polkit: the action {PolkitAction.AccessPcsc} is not allowed, so no PC/SC call can work."
            : $"pcscd refused this process (user '{user}') the reader '{reader}' through polkit: the action {PolkitAction.AccessCard} is not allowed for it (pcscd then drops the connection, so libpcsclite reports a communication error).";
        var confirmed = answer.Verdict switch
        {
            PolkitVerdict.Denied or PolkitVerdict.NeedsAuthentication => $" Confirmed by {answer.Detail}.",
            PolkitVerdict.Allowed => " Yet polkit allows it when asked from here: pcscd itself may not reach polkit (no system bus, or its policy file is not installed), and then refuses everyone, root included; see pcscd's log ('journalctl -u pcscd').",
            _ => $" polkit could not be asked to confirm it: {answer.Detail}.",
        };
        var remedy = $"To allow this user, the administrator adds the rules file {rule.Path} (polkitd reads it at once):\n{rule.Text}{Disable}.";
        return new AccessRefusal
        {
            Action = reader is null ? PolkitAction.AccessPcsc : PolkitAction.AccessCard,
            Reader = reader,
            User = user,
            Polkit = answer,
            LikelyReason = reason,
            Rule = rule,
            Message = $"{what}{confirmed} Likely why: {reason}. pcscd's default polkit policy admits only clients of an active local session.",
            Remedy = remedy,
        };
    }

    private static bool PcscdMayEnforcePolkit() =>
        PolkitEnforcement.Of(PcscClientFinder.Find(NativeEnvironment.SocketPathInUse)).Enforced != false;

    /// <summary>Whether pcscd still accepts a new context: if so, a failed connect was about the reader, not a broken daemon.</summary>
    private static bool FreshContextAnswers()
    {
        try
        {
            using var context = PcscContext.Establish();
            return true;
        }
        catch (PcscException)
        {
            return false;
        }
    }
}
