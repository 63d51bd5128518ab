using System.Diagnostics;

namespace OrderGrains.Bench.Harness;

/// <summary>
/// Runs the bench with the gen0 budget silos are deployed with (<c>DOTNET_GCgen0size</c>, see deploy/README.md). The
/// GC reads it only from the environment at process start (no runtimeconfig knob), so when it is not set the bench
/// starts itself again with it. Where the machine does not report its CPU caches (these VMs), the GC otherwise sizes
/// gen0 at a few MB and collects 10-20 times a second under load. <c>DOTNET_GCgen0size=0</c> runs with the default.
/// </summary>
internal static class GcTuning
{
    public const string Variable = "DOTNET_GCgen0size";

    /// <summary>64 MB per heap, in the hexadecimal form the runtime reads.</summary>
    public const string Gen0Size = "0x4000000";

    /// <summary>The exit code of the bench run again with the setting, or null when this process already has it.</summary>
    public static async Task<int?> RunTunedAsync(string[] args)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null || Environment.ProcessPath is not { } host)
        {
            return null;
        }

        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            // Started as `dotnet OrderGrains.Bench.dll`: the host needs the assembly again.
            start.ArgumentList.Add(typeof(GcTuning).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[Variable] = Gen0Size;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {host}.");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
