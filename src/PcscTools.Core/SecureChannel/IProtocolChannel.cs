using PcscTools.Apdu;
using PcscTools.Bytes;

namespace PcscTools.SecureChannel;

/// <summary>One protocol's wrapping and unwrapping (SCP02, SCP03), behind the <see cref="SecureChannel"/> that opened it and closes it.</summary>
internal interface IProtocolChannel : IDisposable
{
    CommandApdu Wrap(CommandApdu command);

    HexBytes Unwrap(HexBytes data, byte sw1, byte sw2);

    /// <summary>How many data bytes a command with <paramref name="dataLength"/> of them carries once wrapped (padding and MAC).</summary>
    int WrappedDataLength(int dataLength);
}
