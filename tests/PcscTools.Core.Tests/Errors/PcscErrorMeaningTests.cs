using PcscTools.Errors;

namespace PcscTools.Tests.Errors;

public sealed class PcscErrorMeaningTests
{
    [Theory]
    [InlineData(PcscError.SecurityViolation, "SCardEstablishContext", PcscFailureKind.AccessRefused)]
    [InlineData(PcscError.SecurityViolation, "SCardConnect", PcscFailureKind.AccessRefused)]
    [InlineData(PcscError.SecurityViolation, "SCardTransmit", PcscFailureKind.ServiceLost)]
    [InlineData(PcscError.SecurityViolation, "SCardGetStatusChange", PcscFailureKind.ServiceLost)]
    [InlineData(PcscError.NoService, "SCardEstablishContext", PcscFailureKind.ServiceLost)]
    [InlineData(PcscError.CommError, "SCardListReaders", PcscFailureKind.ServiceLost)]
    [InlineData(PcscError.InvalidValue, "SCardTransmit", PcscFailureKind.ReaderGone)]
    [InlineData(PcscError.NoSmartcard, "SCardConnect", PcscFailureKind.CallFailed)]
    public void A_code_means_what_its_call_makes_it_mean(PcscError code, string operation, PcscFailureKind meaning) =>
        Assert.Equal(meaning, PcscErrorMeaning.Of(code, operation));

    [Fact]
    public void A_security_violation_is_reported_as_such_only_by_the_calls_polkit_refuses()
    {
        Assert.Equal(PcscError.SecurityViolation, new PcscException(PcscError.SecurityViolation, "SCardEstablishContext").Code);
        Assert.Equal(PcscError.CommError, new PcscException(PcscError.SecurityViolation, "SCardTransmit").Code);
        Assert.Contains("SCARD_F_COMM_ERROR", new PcscException(PcscError.SecurityViolation, "SCardTransmit").Message);
    }
}
