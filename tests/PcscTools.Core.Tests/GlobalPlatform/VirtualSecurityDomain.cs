using PcscTools.Apdu;
using PcscTools.Bytes;
using PcscTools.Simulator.VirtualCard;
using PcscTools.Simulator.VirtualCard.GlobalPlatform;

namespace PcscTools.Tests.GlobalPlatform;

/// <summary>
/// Commands straight to a virtual card's Process (no pcscd): what Core's GlobalPlatform readers see, and what reached the card.
/// The card answers content commands in plain (<see cref="GpCardContent.PlainContentCommands"/>): these tests are about the
/// answers, not the channel.
/// </summary>
internal sealed class VirtualSecurityDomain
{
    public VirtualCard Card { get; } = new() { GlobalPlatform = { PlainContentCommands = true } };

    public ResponseApdu Transmit(CommandApdu command)
    {
        var answer = Card.Process(command.Bytes!.AsSpan());
        return new ResponseApdu("virtual", command, new HexBytes(answer.AsSpan(0, answer.Length - 2)), answer[^2], answer[^1], TimeSpan.Zero, []);
    }

    public VirtualSecurityDomain Selected()
    {
        Assert.Equal("9000", Transmit(PcscTools.GlobalPlatform.GpCommands.Select(PcscTools.GlobalPlatform.GpCommands.IssuerSecurityDomainAid)).StatusWord);
        return this;
    }

    public IReadOnlyList<string> Received => Card.ReceivedCommands.Select(c => c.ToString()).ToArray();
}
