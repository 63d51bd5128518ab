using System.Diagnostics;
using OrderGrains.Interfaces.Rules;

namespace OrderGrains.Grains.Rules.Sandbox;

/// <summary>Runs both legs of a sandbox (side by side, each on its own copy of the world) and compares them.</summary>
public static class SandboxRunner
{
    public static SandboxResult Run(
        string runId,
        SandboxRequest request,
        IReadOnlyList<SandboxOrder> orders,
        SandboxWorld world,
        CompiledRuleSet? baseline,
        CompiledRuleSet? candidate,
        IReadOnlyList<SandboxOutage> outages,
        Action<long>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(world);
        var watch = Stopwatch.StartNew();
        var done = new int[2];
        SandboxLeg? a = null, b = null;
        Parallel.Invoke(
            new ParallelOptions { CancellationToken = cancellationToken },
            () => a = SandboxReplayer.Run(orders, world.Clone(), baseline, outages, n => Report(0, n), cancellationToken),
            () => b = SandboxReplayer.Run(orders, world.Clone(), candidate, outages, n => Report(1, n), cancellationToken));
        var (count, changes) = SandboxComparer.Changes(orders, a!, b!, SandboxResult.MaxChangesListed);
        var seconds = watch.Elapsed.TotalSeconds;
        return new SandboxResult(
            runId, request, SandboxComparer.Kpis(a!), SandboxComparer.Kpis(b!), count, changes,
            Math.Round(seconds, 3), seconds > 0 ? Math.Round(orders.Count / seconds) : orders.Count);

        void Report(int leg, int n)
        {
            Volatile.Write(ref done[leg], n);
            progress?.Invoke(Math.Min(Volatile.Read(ref done[0]), Volatile.Read(ref done[1])));
        }
    }
}
