namespace PcscTools.GlobalPlatform;

/// <summary>
/// A CPLC date: four digits YDDD, the last digit of the year and the day of the year. The decade is not written, so
/// <see cref="Date"/> takes the latest year with that digit that is not after the day it was decoded.
/// </summary>
public sealed class CplcDate
{
    private CplcDate(string raw, DateOnly? date)
    {
        Raw = raw;
        Date = date;
    }

    /// <summary>The four digits as the card wrote them.</summary>
    public string Raw { get; }

    /// <summary>The day, or null when the field is not a date (unset fields are often 0000 or FFFF).</summary>
    public DateOnly? Date { get; }

    internal static CplcDate From(ReadOnlySpan<byte> field, DateOnly today)
    {
        var raw = $"{field[0]:X2}{field[1]:X2}";
        if (!raw.All(char.IsAsciiDigit))
        {
            return new CplcDate(raw, null);
        }
        var yearDigit = raw[0] - '0';
        var day = int.Parse(raw.AsSpan(1));
        var year = today.Year - ((today.Year - yearDigit) % 10 + 10) % 10;
        if (day < 1 || day > (DateTime.IsLeapYear(year) ? 366 : 365))
        {
            return new CplcDate(raw, null);
        }
        var date = new DateOnly(year, 1, 1).AddDays(day - 1);
        return new CplcDate(raw, date > today ? new DateOnly(year - 10, 1, 1).AddDays(day - 1) : date);
    }

    public override string ToString() => Date is { } d ? $"{d:yyyy-MM-dd} ({Raw})" : Raw;
}
