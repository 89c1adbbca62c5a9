using System.Management.Automation;
using PcscTools.Sessions;
using Channel = PcscTools.SecureChannel.SecureChannel;

namespace PcscTools.Module.Sessions;

/// <summary>Lets a -Session parameter take a secure channel from Open-PcscSecureChannel: its card session, whose commands the channel protects.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SessionTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            Channel { IsOpen: true } channel => channel.Session,
            Channel channel => throw new ArgumentTransformationMetadataException($"{channel} is closed. Open a new one with Open-PcscSecureChannel."),
            Channel[] channels => channels.Select(c => Transform(engineIntrinsics, c)).Cast<CardSession>().ToArray(),
            _ => inputData,
        };
    }
}
