using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace PcscTools.Tracing;

/// <summary>
/// A program running with libpcscspy in front of libpcsclite (for it alone), and its PC/SC calls read from the spy's
/// FIFO while it runs. The FIFO is held open for reading and writing from before the program starts until after it
/// ends, so the spy's open never blocks and its writes never meet a closed pipe (SIGPIPE); it is read without pause,
/// so a full pipe never stalls the program. Stopping the trace ends the program: SIGINT, as Ctrl+C in a terminal
/// would, then SIGKILL after a grace period.
/// </summary>
public sealed class TracedProgram : IDisposable
{
    /// <summary>Written into the FIFO by the tracer once the program has ended; the spy never writes a line without '@'.</summary>
    private const string EndOfStream = "pcsctools-trace-end";

    private readonly BlockingCollection<object> _events = new();
    private readonly TraceStartInfo _info;
    private readonly SpyWorkspace _workspace;
    private readonly SpyStreamParser _parser;
    private readonly FileStream _fifo;
    private readonly StreamWriter? _capture;
    private readonly Process _process = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _reader;
    private Task? _supervisor;
    private int _stopped;
    private volatile bool _accepting = true;

    private TracedProgram(TraceStartInfo info, SpyWorkspace workspace)
    {
        _info = info;
        _workspace = workspace;
        _parser = new SpyStreamParser(info.ShowSecrets);
        _fifo = new FileStream(workspace.Fifo, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        _capture = info.CapturePath is null ? null : new StreamWriter(info.CapturePath, append: false, new UTF8Encoding(false));
    }

    /// <summary>The running program's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Why the program runs with another HOME (the spy's path could not be pointed at the trace); null when it keeps its own.</summary>
    public string? HomeOverrideReason => _workspace.HomeOverrideReason;

    /// <summary>How the program ended; set once <see cref="Events"/> has ended.</summary>
    public TraceOutcome? Outcome { get; private set; }

    /// <summary>Starts the program under the spy.</summary>
    public static TracedProgram Start(TraceStartInfo info)
    {
        var installation = SpyInstallation.Find();
        var workspace = SpyWorkspace.Create(installation, Environment.GetEnvironmentVariable("HOME"));
        TracedProgram? traced = null;
        try
        {
            traced = new TracedProgram(info, workspace);
            traced.Launch();
            return traced;
        }
        catch
        {
            if (traced is null)
            {
                workspace.Dispose();
            }
            traced?.Dispose();
            throw;
        }
    }

    private void Launch()
    {
        var start = new ProcessStartInfo(_info.Program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = _info.CaptureOutput,
            RedirectStandardError = _info.CaptureOutput,
        };
        foreach (var argument in _info.Arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (_info.WorkingDirectory is not null)
        {
            start.WorkingDirectory = _info.WorkingDirectory;
        }
        var inherited = start.Environment.TryGetValue("LD_LIBRARY_PATH", out var path) && !string.IsNullOrEmpty(path) ? $":{path}" : "";
        start.Environment["LD_LIBRARY_PATH"] = _workspace.LibraryFolder + inherited;
        if (_workspace.HomeOverride is not null)
        {
            start.Environment["HOME"] = _workspace.HomeOverride;
        }
        _process.StartInfo = start;
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _exited.TrySetResult();
        if (_info.CaptureOutput)
        {
            _process.OutputDataReceived += (_, e) => Captured(e.Data, isError: false, _outputClosed);
            _process.ErrorDataReceived += (_, e) => Captured(e.Data, isError: true, _errorClosed);
        }
        else
        {
            _outputClosed.SetResult();
            _errorClosed.SetResult();
        }
        _reader = new Thread(ReadStream) { IsBackground = true, Name = "pcsc-spy reader" };
        _reader.Start();
        try
        {
            _process.Start();
        }
        catch (Win32Exception e)
        {
            WriteEndOfStream();
            throw new TraceSetupException($"Could not start '{_info.Program}': {e.Message}.", e);
        }
        if (_info.CaptureOutput)
        {
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }
        _supervisor = Task.Run(SuperviseAsync);
    }

    /// <summary>The calls (<see cref="PcscCall"/>) as they return and, when captured, the program's output lines (<see cref="ProgramOutputLine"/>), until the program ends; cancelling stops the trace.</summary>
    public IEnumerable<object> Events(CancellationToken cancellation)
    {
        using var registration = cancellation.Register(Stop);
        foreach (var item in _events.GetConsumingEnumerable())
        {
            yield return item;
        }
    }

    /// <summary>Ends the program: SIGINT, then SIGKILL after the grace period. The stream is read until it has ended.</summary>
    public void Stop()
    {
        if (_supervisor is null || _exited.Task.IsCompleted || Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        TraceNative.Signal(_process.Id, TraceNative.SignalInterrupt);
        _ = Task.Delay(_info.StopGrace).ContinueWith(_ =>
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or Win32Exception)
            {
                // Already ended.
            }
        }, TaskScheduler.Default);
    }

    private void Captured(string? line, bool isError, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
        }
        else if (_accepting)
        {
            Publish(new ProgramOutputLine(line, isError));
        }
    }

    /// <summary>Queues an event; one that comes after the trace ended (a late line of output) is dropped, never thrown on an event thread.</summary>
    private void Publish(object item)
    {
        try
        {
            _events.Add(item);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
        }
    }

    private void ReadStream()
    {
        try
        {
            ReadLines();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The FIFO was closed under the reader: only when a trace is disposed with its program still unkillable.
        }
    }

    private void ReadLines()
    {
        using var reader = new StreamReader(_fifo, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        var capturing = _capture is not null;
        while (reader.ReadLine() is { } line && line != EndOfStream)
        {
            try
            {
                if (capturing)
                {
                    _capture!.WriteLine(line);
                }
            }
            catch (IOException)
            {
                // A full disk must not stop the reading, which keeps the program from blocking on the FIFO.
                capturing = false;
            }
            foreach (var call in _parser.Feed(line))
            {
                Publish(call);
            }
        }
    }

    private async Task SuperviseAsync()
    {
        try
        {
            await _exited.Task.ConfigureAwait(false);
            WriteEndOfStream();
            _reader!.Join();
            // A child the program left running may hold its output open: its end is not waited for long.
            await Task.WhenAny(Task.WhenAll(_outputClosed.Task, _errorClosed.Task), Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
            _accepting = false;
            var unreturned = _parser.Complete();
            foreach (var call in unreturned)
            {
                Publish(call);
            }
            Outcome = new TraceOutcome(_process.ExitCode, Volatile.Read(ref _stopped) != 0, _parser.SkippedLines, unreturned, _workspace.HomeOverrideReason);
        }
        finally
        {
            _accepting = false;
            _events.CompleteAdding();
        }
    }

    private void WriteEndOfStream()
    {
        // The newline first ends a line the program was killed in the middle of writing.
        var bytes = Encoding.ASCII.GetBytes($"\n{EndOfStream}\n");
        using var writer = new FileStream(_workspace.Fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        writer.Write(bytes);
    }

    public void Dispose()
    {
        if (_supervisor is not null && !_supervisor.IsCompleted)
        {
            Stop();
            _supervisor.Wait(_info.StopGrace + TimeSpan.FromSeconds(5));
        }
        else if (_supervisor is null && _reader is not null)
        {
            _reader.Join(TimeSpan.FromSeconds(2));
        }
        _process.Dispose();
        _fifo.Dispose();
        _capture?.Dispose();
        _workspace.Dispose();
        _events.Dispose();
    }
}
