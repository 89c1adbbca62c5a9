using PcscTools.Apdu;

namespace PcscTools.GlobalPlatform;

/// <summary>What a security domain tells about the card: CPLC, card recognition data and its keys; null for what it did not give.</summary>
public sealed class GpCardData
{
    public GpCardData(Cplc? cplc, GpCardRecognition? recognition, IReadOnlyList<GpKeyInformation>? keys)
    {
        Cplc = cplc;
        CardRecognition = recognition;
        Keys = keys ?? [];
    }

    /// <summary>
    /// Asks the selected security domain for CPLC (9F7F), card recognition data (0066) and key information (00E0). A GET DATA
    /// the card refuses leaves its part null and is told to <paramref name="refused"/>, as is CPLC data too short to decode.
    /// </summary>
    public static GpCardData Read(Func<CommandApdu, ResponseApdu> transmit, Action<ResponseApdu, string> refused)
    {
        ResponseApdu? Get(ushort tag, string what)
        {
            var response = transmit(GpCommands.GetData(tag));
            if (response.StatusWord == "9000" && response.Data.Length > 0)
            {
                return response;
            }
            refused(response, what);
            return null;
        }
        Cplc? cplc = null;
        if (Get(0x9F7F, "CPLC") is { } cplcResponse)
        {
            try
            {
                cplc = Cplc.Decode(cplcResponse.Data.AsSpan());
            }
            catch (FormatException)
            {
                refused(cplcResponse, "CPLC");
            }
        }
        var recognition = Get(0x0066, "card recognition data") is { } r ? GpCardRecognition.Decode(r.Data.AsSpan()) : null;
        var keys = Get(0x00E0, "key information") is { } k ? GpKeyInformation.Decode(k.Tlv) : null;
        return new GpCardData(cplc, recognition, keys);
    }

    public Cplc? Cplc { get; }

    public GpCardRecognition? CardRecognition { get; }

    public IReadOnlyList<GpKeyInformation> Keys { get; }

    public string? GlobalPlatformVersion => CardRecognition?.GlobalPlatformVersion;

    public IReadOnlyList<string> SecureChannelProtocols => CardRecognition?.SecureChannelProtocols ?? [];
}
