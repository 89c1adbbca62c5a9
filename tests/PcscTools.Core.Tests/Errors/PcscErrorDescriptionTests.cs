using PcscTools.Errors;

namespace PcscTools.Tests.Errors;

public sealed class PcscErrorDescriptionTests
{
    public static TheoryData<PcscError> AllCodes()
    {
        var data = new TheoryData<PcscError>();
        foreach (var code in Enum.GetValues<PcscError>())
        {
            data.Add(code);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void Every_code_has_a_c_name_and_a_sentence(PcscError code)
    {
        Assert.True(PcscErrorDescription.IsKnown(code));
        Assert.Matches("^SCARD_[SEFWP]_[A-Z_]+$", PcscErrorDescription.Symbol(code));
        var text = PcscErrorDescription.Text(code);
        Assert.EndsWith(".", text);
        Assert.DoesNotContain("0x", text);
    }

    [Fact]
    public void An_unknown_code_is_named_by_its_value()
    {
        var code = (PcscError)0x80100099;
        Assert.False(PcscErrorDescription.IsKnown(code));
        Assert.Equal("0x80100099", PcscErrorDescription.Symbol(code));
    }

    [Fact]
    public void The_exception_says_what_failed_in_words_with_the_c_name_and_operation()
    {
        var error = new PcscException(PcscError.NoSmartcard, "SCardConnect", "Reader 00 00");
        Assert.Equal(PcscError.NoSmartcard, error.Code);
        Assert.Equal("There is no card in the reader. [SCARD_E_NO_SMARTCARD from SCardConnect ('Reader 00 00')]", error.Message);
    }

    [Fact]
    public void ThrowIfFailed_passes_success_and_throws_the_code_otherwise()
    {
        PcscException.ThrowIfFailed(PcscError.Success, "SCardTransmit");
        var error = Assert.Throws<PcscException>(() => PcscException.ThrowIfFailed(PcscError.RemovedCard, "SCardTransmit", "R"));
        Assert.Equal(PcscError.RemovedCard, error.Code);
        Assert.Equal("SCardTransmit", error.Operation);
    }
}
