namespace PcscTools.Tests.Faults;

/// <summary>
/// Runs a call that must not hang on another thread and fails the test when it has not returned within a generous
/// limit. It proves "returns at all", not "returns fast": speed belongs in bench/.
/// </summary>
internal static class HangGuard
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>The exception <paramref name="call"/> ended with, or null when it returned normally.</summary>
    public static Exception? Run(Action call, string what)
    {
        var task = Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            if (!task.Wait(Limit))
            {
                Assert.Fail($"{what} did not return within {Limit.TotalSeconds:0} s.");
            }
            return null;
        }
        catch (AggregateException e)
        {
            return e.InnerException;
        }
    }

    /// <summary>The <typeparamref name="TException"/> that <paramref name="call"/> must end with.</summary>
    public static TException Throws<TException>(Action call, string what)
        where TException : Exception
    {
        var error = Run(call, what);
        return Assert.IsType<TException>(error, exactMatch: false);
    }
}
