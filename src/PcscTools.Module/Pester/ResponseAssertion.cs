using System.Collections;
using System.Management.Automation;
using PcscTools.Apdu;
using PcscTools.Bytes;

namespace PcscTools.Module.Pester;

/// <summary>
/// The tests behind <c>Should -HaveStatusWord</c> and <c>Should -HaveResponseData</c>: they judge one response of
/// Invoke-Apdu (live, or deserialised from a remote session or a job) and, when it fails, say what was expected and
/// what came back, with meanings and the (redacted) command.
/// </summary>
public static class ResponseAssertion
{
    /// <summary>Whether the response's status word matches any of the patterns (9000, 61??) and, when given, its data is the expected data.</summary>
    public static AssertionResult HaveStatusWord(object? actual, object? expected, object? data, bool negate, string? because)
    {
        var patterns = Values(expected).Select(value => new StatusPattern(PatternText(value))).ToArray();
        if (patterns.Length == 0)
        {
            throw new ArgumentException("Should -HaveStatusWord needs the expected status word, e.g. Should -HaveStatusWord 9000 (or 61??).");
        }
        var expectedData = data is null ? null : ExpectedBytes(data);
        var wanted = string.Join(" or ", patterns.Select(Describe));
        var response = AssertedResponse.From(actual);
        if (response is null)
        {
            return NotAResponse(actual, negate ? $"a status word other than {wanted}" : $"status word {wanted}", because);
        }

        var statusMatches = response.StatusMatches(patterns);
        var dataMatches = expectedData is null || response.Data.Equals(expectedData);
        var holds = statusMatches && dataMatches;
        if (holds != negate)
        {
            return AssertionResult.Pass;
        }
        if (negate)
        {
            return AssertionResult.Fail($"Expected a status word other than {wanted}{Because(because)} but got {Got(response)}.");
        }
        var withData = expectedData is null ? "" : $" with data {Shown(expectedData)}";
        return AssertionResult.Fail($"Expected status word {wanted}{withData}{Because(because)} but got {response.StatusWord} ({response.Meaning}){DataPart(response, expectedData)} for {Command(response)}.");
    }

    /// <summary>Whether the response's data (without the status word) is the expected data: hex text, bytes or HexBytes.</summary>
    public static AssertionResult HaveResponseData(object? actual, object? expected, bool negate, string? because)
    {
        var expectedData = ExpectedBytes(expected);
        var response = AssertedResponse.From(actual);
        if (response is null)
        {
            return NotAResponse(actual, $"response data {(negate ? "other than " : "")}{Shown(expectedData)}", because);
        }
        if (response.Data.Equals(expectedData) != negate)
        {
            return AssertionResult.Pass;
        }
        var other = negate ? "other than " : "";
        return AssertionResult.Fail($"Expected response data {other}{Shown(expectedData)}{Because(because)} but got {Shown(response.Data)} ({response.StatusWord}: {response.Meaning}) for {Command(response)}.");
    }

    private static AssertionResult NotAResponse(object? actual, string wanted, string? because)
    {
        var value = actual is PSObject wrapped ? wrapped.BaseObject : actual;
        var got = value is null ? "$null" : $"[{value.GetType().FullName}] '{value}'";
        return AssertionResult.Fail($"Expected a response of Invoke-Apdu with {wanted}{Because(because)} but got {got}.");
    }

    private static IEnumerable<object> Values(object? value)
    {
        value = value is PSObject wrapped ? wrapped.BaseObject : value;
        if (value is null)
        {
            yield break;
        }
        if (value is IEnumerable items and not string)
        {
            foreach (var item in items)
            {
                if (item is not null)
                {
                    yield return item is PSObject inner ? inner.BaseObject : item;
                }
            }
            yield break;
        }
        yield return value;
    }

    // An unquoted 9000 reaches us as the integer 9000: its digits are the status word as written.
    private static string PatternText(object value) => value is int or long ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)! : value.ToString() ?? "";

    private static HexBytes ExpectedBytes(object? expected)
    {
        var value = expected is PSObject wrapped ? wrapped.BaseObject : expected;
        return value switch
        {
            null => HexBytes.Empty,
            HexBytes bytes => bytes,
            byte[] bytes => new HexBytes(bytes),
            string text => new HexBytes(text),
            IEnumerable items => new HexBytes(items.Cast<object>().Select(item => LanguagePrimitives.ConvertTo<byte>(item)).ToArray()),
            _ => new HexBytes(new[] { LanguagePrimitives.ConvertTo<byte>(value) }),
        };
    }

    private static string Describe(StatusPattern pattern)
    {
        var text = pattern.Text.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return text.Contains('?', StringComparison.Ordinal)
            ? text
            : $"{text} ({StatusWordMeaning.Describe(Convert.ToByte(text[..2], 16), Convert.ToByte(text[2..], 16))})";
    }

    private static string Got(AssertedResponse response) => $"{response.StatusWord} ({response.Meaning}) for {Command(response)}";

    private static string DataPart(AssertedResponse response, HexBytes? expectedData) =>
        expectedData is null || response.Data.Equals(expectedData) ? "" : $" with data {Shown(response.Data)}";

    private static string Command(AssertedResponse response) => $"command {response.Command} on '{response.Reader}'";

    private static string Shown(HexBytes data) => data.Length == 0 ? "(none)" : $"'{data}'";

    // As Pester words it: ", because <reason>,".
    private static string Because(string? because)
    {
        var reason = because?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return ",";
        }
        if (reason.StartsWith("because ", StringComparison.OrdinalIgnoreCase))
        {
            reason = reason["because ".Length..];
        }
        return $" because {reason},";
    }
}
