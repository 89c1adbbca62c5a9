using PcscTools.Errors;

namespace PcscTools.Interop;

/// <summary>
/// The PC/SC C API with the platform's type widths hidden: contexts and card handles are <see cref="nint"/>,
/// codes are <see cref="PcscError"/>; scope, share mode, protocols and dispositions are the C API's DWORD values, which
/// the layers above read as their enums (Contexts' ContextScope, Cards' ShareMode, CardProtocols and CardDisposition). Callers never see a platform struct; an implementation for
/// winscard.dll or PCSC.framework would implement this interface and nothing above it would change.
/// </summary>
public interface IPcscApi
{
    /// <summary>The library this API was loaded from (a path or a soname).</summary>
    string LibraryName { get; }

    PcscError EstablishContext(uint scope, out nint context);

    PcscError ReleaseContext(nint context);

    PcscError IsValidContext(nint context);

    /// <summary>Lists reader names; an empty list when none is connected.</summary>
    PcscError ListReaders(nint context, out string[] readers);

    /// <summary>Waits until a reader's state differs from what the caller knows, or the timeout passes (null: forever).</summary>
    PcscError GetStatusChange(nint context, TimeSpan? timeout, IReadOnlyList<ReaderStateRequest> readers);

    /// <summary>Ends a GetStatusChange that another thread is blocked in; safe to call from any thread.</summary>
    PcscError Cancel(nint context);

    PcscError Connect(nint context, string reader, uint shareMode, uint preferredProtocols, out nint card, out uint activeProtocol);

    PcscError Reconnect(nint card, uint shareMode, uint preferredProtocols, uint initialization, out uint activeProtocol);

    PcscError Disconnect(nint card, uint disposition);

    PcscError BeginTransaction(nint card);

    PcscError EndTransaction(nint card, uint disposition);

    PcscError Transmit(nint card, uint protocol, ReadOnlySpan<byte> command, Span<byte> response, out int received);

    PcscError Status(nint card, out CardStatusReply status);

    PcscError Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int returned);

    PcscError GetAttribute(nint card, uint attributeId, Span<byte> value, out int length);

    PcscError SetAttribute(nint card, uint attributeId, ReadOnlySpan<byte> value);

    /// <summary>The platform's SCARD_CTL_CODE(function): 0x42000000 + function on pcsc-lite.</summary>
    uint ControlCode(int function);

    /// <summary>The largest response buffer the service accepts.</summary>
    int MaxResponseLength { get; }
}
