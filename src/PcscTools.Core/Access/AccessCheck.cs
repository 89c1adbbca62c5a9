using PcscTools.Cards;
using PcscTools.Contexts;
using PcscTools.Sandboxes;
using PcscTools.Errors;

namespace PcscTools.Access;

/// <summary>
/// Test-PcscProtocol's access half: whether pcscd enforces polkit (its program links libpolkit-gobject-1), and
/// polkit's verdict on this process for access_pcsc and for access_card on each reader. A refusal counts only
/// where pcscd can enforce it: a pcscd seen without polkit, or one that just answered this process, refuses nothing.
/// </summary>
public static class AccessCheck
{
    /// <summary>
    /// The report for pcscd's socket at <paramref name="socketPath"/>, asking about <paramref name="readers"/> (null: every reader pcscd
    /// lists, when it can). <paramref name="daemonReachable"/> and <paramref name="daemonSilent"/> (it closed the connection
    /// unanswered) are what the protocol probe found, from <paramref name="sandbox"/>; PcscdProtocol's ProtocolAccess passes them.
    /// </summary>
    public static AccessReport Run(string socketPath, SandboxKind sandbox, bool daemonReachable, bool daemonSilent, IReadOnlyList<string>? readers, PolkitAuthority? polkit = null)
    {
        polkit ??= new PolkitAuthority();
        var survey = PcscClientFinder.Find(socketPath);
        var unseen = new List<string>();
        var (enforced, enforcement) = PolkitEnforcement.Of(survey);
        var pcscd = polkit.Check(PolkitAction.AccessPcsc);
        if (pcscd.Verdict == PolkitVerdict.Unknown && sandbox != SandboxKind.None)
        {
            unseen.Add($"polkit cannot be asked from inside this {sandbox.ToString().ToLowerInvariant()} ({pcscd.Detail}); run Test-PcscProtocol on the host for its verdict.");
        }
        var names = readers ?? (daemonReachable ? ListReaders() : []);
        // A pkcheck that could not answer for the daemon's action cannot for the readers either: not asked again, to stay within one time bound.
        var unanswered = pcscd.Verdict == PolkitVerdict.Unknown ? pcscd with { Action = PolkitAction.AccessCard } : null;
        var mayConnect = daemonReachable && enforced != false;
        var perReader = names.Select(reader => ReaderVerdict(polkit, reader, unanswered, mayConnect)).ToList();
        AccessRefusal? refusal = null;
        if (enforced != false)
        {
            // pcscd closes a refused connection unanswered: a missing socket or a stopped pcscd is no refusal.
            if (daemonSilent && pcscd.Refuses)
            {
                refusal = AccessDiagnosis.FromAnswer(pcscd);
            }
            else if (daemonReachable && perReader.FirstOrDefault(r => r.Refuses) is { } reader)
            {
                refusal = AccessDiagnosis.FromAnswer(reader);
            }
        }
        return new AccessReport
        {
            PolkitEnforced = enforced,
            Enforcement = enforcement,
            Pcscd = pcscd,
            Readers = perReader,
            Refusal = refusal,
            // Where pcscd's process was not seen, Enforcement already says what could not be.
            Unseen = enforced is null ? unseen : [.. unseen, .. survey.Unseen],
        };
    }

    /// <summary>
    /// polkit's verdict on access_card for <paramref name="reader"/> (<paramref name="unanswered"/>: pkcheck cannot answer);
    /// where polkit will not answer (only root may pass it a reader) and pcscd may enforce it, pcscd's own verdict:
    /// a direct connection, with no card needed, that pcscd drops when polkit refuses it.
    /// </summary>
    private static PolkitAnswer ReaderVerdict(PolkitAuthority polkit, string reader, PolkitAnswer? unanswered, bool mayConnect)
    {
        var asked = unanswered is null ? polkit.Check(PolkitAction.AccessCard, reader) : unanswered with { Reader = reader };
        if (asked.Verdict != PolkitVerdict.Unknown || !mayConnect)
        {
            return asked;
        }
        try
        {
            using var context = PcscContext.Establish();
            using var connection = context.Connect(reader, ShareMode.Direct, CardProtocols.None, TimeSpan.FromSeconds(2));
            return asked with { Verdict = PolkitVerdict.Allowed, Detail = "pcscd let a direct connection through" };
        }
        catch (PcscException e) when (e.Code == PcscError.CommError)
        {
            return asked with { Verdict = PolkitVerdict.Denied, Detail = "pcscd itself: it dropped a direct connection, its way of refusing access_card" };
        }
        catch (PcscException e)
        {
            return asked with { Detail = $"{asked.Detail}; a direct connection failed otherwise ({e.Symbol})" };
        }
    }

    private static IReadOnlyList<string> ListReaders()
    {
        try
        {
            using var context = PcscContext.Establish();
            return context.ListReaders();
        }
        catch (PcscException)
        {
            return [];
        }
    }
}
