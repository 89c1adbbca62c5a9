using System.Diagnostics;
using PcscTools.Errors;
using PcscTools.Interop;

namespace PcscTools.PcscdProtocol;

/// <summary>
/// Lets a program connect to a socket in a process of its own, with PCSCLITE_CSOCK_NAME in its environment
/// from the start: no change to this process's environment. With <see cref="LibraryFolder"/>, the program
/// loads the libpcsclite.so.1 found there (LD_LIBRARY_PATH), e.g. a sandbox's bundled copy.
/// </summary>
public sealed class ChildProcessClient(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
{
    /// <summary>A folder searched first for libpcsclite.so.1.</summary>
    public string? LibraryFolder { get; init; }

    /// <summary>The command line, for reports.</summary>
    public override string ToString() => string.Join(' ', arguments.Prepend(program));

    /// <summary>Runs the program against <paramref name="socketPath"/> and waits for it (killing it after the timeout).</summary>
    public PcscError? Connect(string socketPath)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment[NativeEnvironment.SocketVariable] = socketPath;
        if (LibraryFolder is not null)
        {
            start.Environment["LD_LIBRARY_PATH"] = LibraryFolder;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        return null;
    }
}
