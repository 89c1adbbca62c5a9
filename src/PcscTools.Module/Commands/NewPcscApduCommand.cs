using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using PcscTools.Apdu;
using PcscTools.Module.Apdu;
using PcscTools.Module.Errors;

namespace PcscTools.Module.Commands;

/// <summary>
/// New-PcscApdu: builds a command APDU from its parts (ISO 7816-4 cases 1–4, short or extended length), for Invoke-Apdu;
/// or a VERIFY, CHANGE REFERENCE DATA or RESET RETRY COUNTER from PINs given as SecureStrings, so that a PIN is never typed
/// on a command line (where Get-History and PSReadLine's history file would keep it).
/// </summary>
[Cmdlet(VerbsCommon.New, "PcscApdu", DefaultParameterSetName = PartsSet)]
[OutputType(typeof(CommandApdu))]
public sealed class NewPcscApduCommand : PSCmdlet
{
    private const string PartsSet = "Parts";
    private const string VerifySet = "Verify";
    private const string ChangeSet = "ChangeReferenceData";
    private const string ResetSet = "ResetRetryCounter";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PartsSet)]
    public byte Cla { get; set; }

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PartsSet)]
    public byte Ins { get; set; }

    [Parameter(Mandatory = true, Position = 2, ParameterSetName = PartsSet)]
    public byte P1 { get; set; }

    [Parameter(Mandatory = true, Position = 3, ParameterSetName = PartsSet)]
    public byte P2 { get; set; }

    /// <summary>The data field: hex text or bytes (Lc is computed).</summary>
    [Parameter(Position = 4, ParameterSetName = PartsSet)]
    public object? Data { get; set; }

    /// <summary>How many bytes to ask for: 0 for as many as there are (256, or 65536 when extended), or 1–65536.</summary>
    [Parameter(Position = 5, ParameterSetName = PartsSet)]
    [ValidateRange(0, CommandApdu.MaxExpectedLength)]
    public int? Le { get; set; }

    /// <summary>Use extended length even when short would do (it is used anyway for more than 255 data bytes or an Le over 256).</summary>
    [Parameter(ParameterSetName = PartsSet)]
    public SwitchParameter Extended { get; set; }

    /// <summary>A VERIFY (INS 20) of -Pin against the reference data -Reference.</summary>
    [Parameter(Mandatory = true, ParameterSetName = VerifySet)]
    public SwitchParameter Verify { get; set; }

    /// <summary>A CHANGE REFERENCE DATA (INS 24): -Pin (the current one; omit it when the card does not ask for it) replaced by -NewPin.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ChangeSet)]
    public SwitchParameter ChangeReferenceData { get; set; }

    /// <summary>A RESET RETRY COUNTER (INS 2C): -Pin is the resetting code (PUK), -NewPin the new PIN; either may be omitted.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ResetSet)]
    public SwitchParameter ResetRetryCounter { get; set; }

    /// <summary>P2: the reference data (PIN) the command is about, e.g. 0x80 or 0x81 (see the card's documentation).</summary>
    [Parameter(Mandatory = true, ParameterSetName = VerifySet)]
    [Parameter(Mandatory = true, ParameterSetName = ChangeSet)]
    [Parameter(Mandatory = true, ParameterSetName = ResetSet)]
    public byte Reference { get; set; }

    /// <summary>The PIN (for RESET RETRY COUNTER the resetting code), e.g. from Read-Host -AsSecureString or Get-Secret.</summary>
    [Parameter(Mandatory = true, ParameterSetName = VerifySet)]
    [Parameter(ParameterSetName = ChangeSet)]
    [Parameter(ParameterSetName = ResetSet)]
    public SecureString? Pin { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ChangeSet)]
    [Parameter(ParameterSetName = ResetSet)]
    public SecureString? NewPin { get; set; }

    /// <summary>How the card wants each PIN written: Ascii (default), Bcd, or Iso9564Format2.</summary>
    [Parameter(ParameterSetName = VerifySet)]
    [Parameter(ParameterSetName = ChangeSet)]
    [Parameter(ParameterSetName = ResetSet)]
    public PinFormat PinFormat { get; set; } = PinFormat.Ascii;

    /// <summary>Pad each PIN with FF to this many bytes (e.g. 8 for PIV); 0, the default, pads nothing.</summary>
    [Parameter(ParameterSetName = VerifySet)]
    [Parameter(ParameterSetName = ChangeSet)]
    [Parameter(ParameterSetName = ResetSet)]
    [ValidateRange(0, 127)]
    public int PadTo { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            WriteObject(ParameterSetName switch
            {
                VerifySet => PinCommand(0x20, 0x00, Pin, null),
                ChangeSet => PinCommand(0x24, Pin is null ? (byte)0x01 : (byte)0x00, Pin, NewPin),
                ResetSet => PinCommand(0x2C, (Pin, NewPin) switch
                {
                    (not null, not null) => 0x00,
                    (not null, null) => 0x01,
                    (null, not null) => 0x02,
                    _ => throw new ArgumentException("RESET RETRY COUNTER needs -Pin (the resetting code), -NewPin, or both."),
                }, Pin, NewPin),
                _ => new CommandApdu(Cla, Ins, P1, P2, CommandInput.ReadBytes(Data), Le, Extended),
            });
        }
        catch (ApduFormatException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidApdu(e));
        }
        catch (ArgumentException e)
        {
            // The message says what is wrong with the PIN's form (length, characters), never the PIN.
            ThrowTerminatingError(ErrorRecordFactory.InvalidPin(e));
        }
    }

    /// <summary>The command with the PINs encoded one after the other; the plain text is cleared as soon as it is encoded.</summary>
    private CommandApdu PinCommand(byte ins, byte p1, SecureString? first, SecureString? second)
    {
        var firstBytes = first is null ? [] : Encode(first);
        var secondBytes = second is null ? [] : Encode(second);
        try
        {
            // The object shows ** for the PINs wherever it goes (views, ToString, Data); Invoke-Apdu still sends them.
            return new CommandApdu(0x00, ins, p1, Reference, [.. firstBytes, .. secondBytes]).ForDisplay(showSecrets: false);
        }
        finally
        {
            Array.Clear(firstBytes);
            Array.Clear(secondBytes);
        }
    }

    private byte[] Encode(SecureString pin)
    {
        var chars = new char[pin.Length];
        var text = Marshal.SecureStringToGlobalAllocUnicode(pin);
        try
        {
            Marshal.Copy(text, chars, 0, chars.Length);
            return PinBlock.Encode(chars, PinFormat, PadTo);
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(text);
            Array.Clear(chars);
        }
    }
}
