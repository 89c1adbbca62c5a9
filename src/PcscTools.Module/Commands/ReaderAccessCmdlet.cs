using System.Management.Automation;
using PcscTools.Cards;
using PcscTools.Errors;
using PcscTools.Module.Completion;
using PcscTools.Sessions;

namespace PcscTools.Module.Commands;

/// <summary>
/// The base of cmdlets that talk to a reader itself (control codes, attributes): through an open -Session, or by -Reader
/// over a direct connection made for the call, which works with or without a card.
/// </summary>
public abstract class ReaderAccessCmdlet : PcscCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Reader", ValueFromPipelineByPropertyName = true)]
    [Alias("ReaderName")]
    [ArgumentCompleter(typeof(ReaderNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Reader { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = "Session", ValueFromPipeline = true)]
    [ValidateNotNull]
    public CardSession? Session { get; set; }

    /// <summary>Runs <paramref name="use"/> with the session to talk through, and reports a failure to reach the reader.</summary>
    protected void WithReader(Action<CardSession> use)
    {
        CardSession? opened = null;
        try
        {
            var session = Session ?? (opened = CardSession.Open(Reader, ShareMode.Direct, CardProtocols.None, cancel: StopToken));
            use(session);
        }
        catch (PcscException e)
        {
            WritePcscError(e, Session?.Reader ?? Reader);
        }
        finally
        {
            opened?.Close();
        }
    }
}
