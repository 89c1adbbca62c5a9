using System.Security.Cryptography;

namespace PcscTools.Simulator.VirtualCard;

/// <summary>The ISO 7816-4 commands every virtual card understands.</summary>
internal static class BuiltInCommands
{
    public static byte[] Execute(VirtualCard card, ParsedCommand apdu)
    {
        if (card.GlobalPlatform.TryProcess(apdu, out var answer))
        {
            return answer;
        }
        if ((apdu.Cla & 0x80) != 0 && apdu.Cla != 0xFF)
        {
            return StatusWord.InsNotSupported;
        }
        return apdu.Ins switch
        {
            0xA4 => Select(card.Files, apdu),
            0xB0 => ReadBinary(card.Files, apdu),
            0xD6 => UpdateBinary(card.Files, apdu),
            0x84 => GetChallenge(apdu),
            _ => StatusWord.InsNotSupported,
        };
    }

    private static byte[] Select(CardFileSystem files, ParsedCommand apdu)
    {
        bool found;
        switch (apdu.P1)
        {
            case 0x04:
                found = files.SelectFolder(apdu.Data);
                break;
            case 0x00 or 0x02 when apdu.Data.Length == 2:
                found = files.SelectFile((ushort)((apdu.Data[0] << 8) | apdu.Data[1]));
                break;
            default:
                return StatusWord.WrongP1P2;
        }
        if (!found)
        {
            return StatusWord.FileNotFound;
        }
        if ((apdu.P2 & 0x0C) == 0x0C || apdu.Le is null)
        {
            return StatusWord.Success;
        }
        // A minimal FCP: file size (80) and file identifier or DF name (83/84).
        var size = files.Current?.Length ?? 0;
        byte[] fcp = [0x62, 0x08, 0x80, 0x02, (byte)(size >> 8), (byte)size, 0x82, 0x02, 0x01, 0x21];
        return [.. fcp, 0x90, 0x00];
    }

    private static byte[] ReadBinary(CardFileSystem files, ParsedCommand apdu)
    {
        if (files.Current is not { } content)
        {
            return StatusWord.NoCurrentEf;
        }
        var offset = ((apdu.P1 & 0x7F) << 8) | apdu.P2;
        if (offset > content.Length)
        {
            return StatusWord.WrongP1P2;
        }
        var available = content.Length - offset;
        var want = apdu.Le ?? 256;
        var take = Math.Min(want, available);
        var sw = take < want && !apdu.LeIsMaximum ? new byte[] { 0x62, 0x82 } : StatusWord.Success;
        return [.. content.AsSpan(offset, take), .. sw];
    }

    private static byte[] UpdateBinary(CardFileSystem files, ParsedCommand apdu)
    {
        if (files.Current is not { } content)
        {
            return StatusWord.NoCurrentEf;
        }
        var offset = ((apdu.P1 & 0x7F) << 8) | apdu.P2;
        if (offset + apdu.Data.Length > content.Length)
        {
            return [0x6A, 0x84];
        }
        apdu.Data.CopyTo(content, offset);
        return StatusWord.Success;
    }

    private static byte[] GetChallenge(ParsedCommand apdu) =>
        apdu.Le is { } le ? [.. RandomNumberGenerator.GetBytes(le), 0x90, 0x00] : StatusWord.WrongLength;
}
