using PcscTools.Bytes;

namespace PcscTools.SecureChannel;

/// <summary>The card's answer to INITIALIZE UPDATE, taken apart: SCP02 and SCP03 (S8 and S16) layouts.</summary>
public sealed class InitializeUpdateResponse
{
    private InitializeUpdateResponse(byte[] raw, SecureChannelProtocol protocol, byte parameter, int challengeLength, int counterAt, int counterLength, int challengeAt)
    {
        Raw = raw;
        Protocol = protocol;
        Parameter = parameter;
        DiversificationData = raw.AsSpan(0, 10).ToArray();
        KeyVersion = raw[10];
        SequenceCounter = raw.AsSpan(counterAt, counterLength).ToArray();
        CardChallenge = raw.AsSpan(challengeAt, challengeLength).ToArray();
        CardCryptogram = raw.AsSpan(challengeAt + challengeLength, protocol == SecureChannelProtocol.Scp02 ? 8 : challengeLength).ToArray();
    }

    public byte[] Raw { get; }

    public SecureChannelProtocol Protocol { get; }

    /// <summary>SCP03's i parameter (from the answer); for SCP02, which does not send it, 0.</summary>
    public byte Parameter { get; }

    /// <summary>Key diversification data: the first ten bytes.</summary>
    public byte[] DiversificationData { get; }

    public byte KeyVersion { get; }

    /// <summary>SCP02's two-byte counter; SCP03's three-byte counter when the card uses pseudo-random challenges, else empty.</summary>
    public byte[] SequenceCounter { get; }

    /// <summary>SCP02: the six-byte card challenge; SCP03: 8 bytes (S8) or 16 (S16).</summary>
    public byte[] CardChallenge { get; }

    public byte[] CardCryptogram { get; }

    /// <summary>SCP03 with 16-byte challenges, cryptograms and MACs: read from the answer's length (45 or 48 bytes).</summary>
    public bool S16 => Protocol == SecureChannelProtocol.Scp03 && CardChallenge.Length == 16;

    /// <summary>Parses <paramref name="raw"/>; throws a <see cref="SecureChannelException"/> for an answer of neither layout.</summary>
    public static InitializeUpdateResponse Parse(ReadOnlySpan<byte> raw)
    {
        var bytes = raw.ToArray();
        if (bytes.Length >= 12 && bytes[11] == 0x02 && bytes.Length == 28)
        {
            return new InitializeUpdateResponse(bytes, SecureChannelProtocol.Scp02, 0, 6, 12, 2, 14);
        }
        // The four SCP03 layouts have four lengths: 29 and 32 (S8), 45 and 48 (S16), the longer with the sequence counter.
        // Implementations disagree on the i bit that announces S16 (GlobalPlatformPro reads 01, others 08): the length decides.
        if (bytes.Length is 29 or 32 or 45 or 48 && bytes[11] == 0x03)
        {
            var size = bytes.Length >= 45 ? 16 : 8;
            var counter = bytes.Length is 32 or 48 ? 3 : 0;
            return new InitializeUpdateResponse(bytes, SecureChannelProtocol.Scp03, bytes[12], size, 13 + 2 * size, counter, 13);
        }
        throw new SecureChannelException(SecureChannelFailure.UnsupportedCard,
            $"The card's answer to INITIALIZE UPDATE ({new HexBytes(bytes)}) is neither an SCP02 nor an SCP03 answer; PcscTools speaks only those two.");
    }
}
