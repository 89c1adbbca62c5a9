using PcscTools.Apdu;
using PcscTools.Tlv;

namespace PcscTools.GlobalPlatform;

/// <summary>
/// Lists card content with GET STATUS: the tag-based format first, the legacy one when the card refuses it (6A86, 6A80),
/// each 63 10 ("more data") followed up with P2's "next" bit until the card says 9000.
/// </summary>
public static class GpStatus
{
    /// <summary>Enough rounds for any real registry; a card that never stops answering 63 10 is cut off there.</summary>
    private const int MaxRounds = 256;

    /// <summary>Everything in <paramref name="scope"/>. 6A88 (nothing there) is an empty list; other status words raise <see cref="UnexpectedStatusException"/>.</summary>
    public static GpStatusResult Read(Func<CommandApdu, ResponseApdu> transmit, GpStatusScope scope)
    {
        var first = transmit(GpCommands.GetStatus(scope, tagged: true));
        var tagged = first.StatusWord is not ("6A86" or "6A80");
        if (!tagged)
        {
            first = transmit(GpCommands.GetStatus(scope, tagged: false));
        }
        var entries = new List<GpRegistryEntry>();
        var problems = new List<TlvProblem>();
        var response = first;
        for (var round = 0; ; round++)
        {
            if (response.StatusWord == "6A88")
            {
                break;
            }
            if (response.StatusWord is not ("9000" or "6310"))
            {
                throw new UnexpectedStatusException(response, [new StatusPattern("9000"), new StatusPattern("6310")]);
            }
            var data = response.Data.AsSpan();
            entries.AddRange(tagged ? GpRegistry.ParseTagged(scope, data, problems) : GpRegistry.ParseLegacy(scope, data, problems));
            if (response.StatusWord == "9000" || round == MaxRounds)
            {
                break;
            }
            response = transmit(GpCommands.GetStatus(scope, tagged, next: true));
        }
        return new GpStatusResult(entries, problems, tagged);
    }
}
