using System.Diagnostics;

namespace OrderGrains.Bench.Harness;

/// <summary>
/// This benchmark program started again as a separate process in a peer role (e.g. the far silo of
/// <c>remote-calls</c>). The peer writes <c>ready</c> on its standard output once it serves, and stops when its
/// standard input closes, so it never outlives the benchmark, even one that is killed.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private PeerProcess(Process process) => _process = process;

    /// <summary>Starts <c>bench &lt;arguments&gt;</c> and waits until it reports ready.</summary>
    public static async Task<PeerProcess> StartAsync(IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Under 'dotnet bench.dll' the process is the dotnet host: pass the program's own assembly first.
        var entry = Environment.GetCommandLineArgs()[0];
        if (entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(entry);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The peer process did not start.");
        var peer = new PeerProcess(process);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line == "ready")
                {
                    // Keep draining its output so that a chatty peer never blocks on a full pipe.
                    _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                    return peer;
                }
            }

            throw new InvalidOperationException($"The peer process exited before it was ready (exit code {await ExitCodeAsync(process)}).");
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Serves until standard input closes (the peer side of <see cref="StartAsync"/>).</summary>
    public static async Task ServeUntilReleasedAsync()
    {
        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        while (await Console.In.ReadLineAsync() is not null)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static async Task<int> ExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
