namespace PcscTools.SecureChannel;

/// <summary>One protocol's wrapping and unwrapping (SCP02, SCP03), behind the <see cref="SecureChannel"/> that opened it.</summary>
internal interface IProtocolChannel : ISecureMessaging, IDisposable
{
}
