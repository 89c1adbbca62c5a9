using PcscTools.Apdu;
using PcscTools.Cards;
using PcscTools.Errors;

namespace PcscTools.Sessions;

/// <summary>
/// The one way a batch of commands goes over a card session (Invoke-Apdu and Invoke-PcscScript use it): a transaction begins
/// before the first command of a batch that asks for one, or before the first follow-up (GET RESPONSE, the re-send after 6Cxx)
/// so that no other program's command comes between an answer and its follow-up; after a reset by another program it
/// reconnects once when the policy says so; and it ends the transaction, and closes a session it was given to own, however
/// the batch ends. Each APDU, follow-ups included, crosses the wire in <see cref="ApduEngine.Transmit"/>.
/// </summary>
public sealed class CardExchange : IDisposable
{
    private readonly ExchangePolicy _policy;
    private readonly ApduOptions _options;
    private readonly bool _ownsSession;
    private bool _inTransaction;
    private bool _reconnected;

    public CardExchange(CardSession session, ExchangePolicy policy, bool ownsSession = false)
    {
        Session = session;
        _policy = policy;
        _ownsSession = ownsSession;
        _options = policy.Apdu with { BeforeFollowUp = EnterTransaction };
    }

    public CardSession Session { get; }

    /// <summary>Sends one command; with <paramref name="inTransaction"/>, inside the exchange's transaction (begun now if need be). Throws <see cref="PcscException"/>.</summary>
    public ResponseApdu Send(CommandApdu command, bool inTransaction = false)
    {
        if (inTransaction)
        {
            EnterTransaction();
        }
        try
        {
            return Session.Transmit(command, _options);
        }
        catch (PcscException e) when (MayReconnect(e))
        {
            ReconnectAfterReset();
            if (inTransaction)
            {
                EnterTransaction();
            }
            return Session.Transmit(command, _options);
        }
    }

    /// <summary>Resets the card (a script's RESET): a warm reset, which also ends the transaction.</summary>
    public void ResetCard()
    {
        _inTransaction = false;
        Session.Reconnect(CardDisposition.Reset, _policy.Apdu.BusyTimeout, _policy.Apdu.Cancel);
    }

    /// <summary>Begins the exchange's transaction, unless it has one already.</summary>
    public void EnterTransaction()
    {
        if (_inTransaction)
        {
            return;
        }
        try
        {
            Session.BeginTransaction(_policy.Apdu.BusyTimeout, _policy.Apdu.Cancel);
        }
        catch (PcscException e) when (MayReconnect(e))
        {
            ReconnectAfterReset();
            Session.BeginTransaction(_policy.Apdu.BusyTimeout, _policy.Apdu.Cancel);
        }
        _inTransaction = true;
    }

    private bool MayReconnect(PcscException failure) => failure.Code == PcscError.ResetCard && _policy.Reconnect && !_reconnected;

    /// <summary>Reconnects once after another program reset the card; the transaction, if there was one, ended with the reset.</summary>
    private void ReconnectAfterReset()
    {
        _policy.Notice?.Invoke($"The card in '{Session.Reader}' was reset by another program; reconnecting (-Reconnect).");
        _reconnected = true;
        _inTransaction = false;
        Session.Reconnect(CardDisposition.Leave, _policy.Apdu.BusyTimeout, _policy.Apdu.Cancel);
    }

    /// <summary>Ends the transaction and closes a session the exchange owns. Never throws: a card gone mid-batch was reported already.</summary>
    public void Dispose()
    {
        if (!Session.IsOpen)
        {
            return;
        }
        try
        {
            if (_inTransaction)
            {
                Session.EndTransaction();
            }
        }
        catch (PcscException)
        {
            // The card went away mid-batch; that error was reported already.
        }
        finally
        {
            _inTransaction = false;
            if (_ownsSession)
            {
                Session.Close();
            }
        }
    }
}
