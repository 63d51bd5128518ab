using System.Text.Json;
using OrderGrains.Dashboard.Business;
using Microsoft.Extensions.Logging;
using OrderGrains.Dashboard.Calls;
using OrderGrains.Dashboard.Logs;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Runtime;
using OrderGrains.Runtime.Diagnostics;

namespace OrderGrains.Dashboard.Cluster;

/// <summary>
/// This silo's side of the dashboard: its report (process, activations, calls, partitions, order events), a grain's
/// activation and stored state, and the reminders. Answers the local dashboard directly and other processes'
/// dashboards through the <c>$silo-stats</c> system call (which keeps the call statistics on while they ask).
/// </summary>
internal sealed class DashboardStatsProvider(
    SiloInspector inspector,
    CallStatsTable calls,
    DashboardWatch watch,
    ProcessSampler process,
    OrderEventCounters orderEvents,
    IGrainFactory grains,
    DashboardLogBuffer logs) : ISiloStatsProvider
{
    private const int LogsPerReport = 200;

    private const int StockReadsInFlight = 32;
    private const int LowSlotsPerWarehouse = 20;

    /// <summary>Keyed entries shown per grain state (a stock slot may hold thousands of reservations).</summary>
    private const int MaxStateEntries = 50;

    /// <summary>Stock slot keys reported at most (the business view reads each).</summary>
    public const int MaxStockSlots = 5000;

    public const string StockSlotGrainType = "stock";

    public string SiloName => inspector.SiloName;

    public ValueTask<JsonElement> AnswerAsync(JsonElement query, CancellationToken cancellationToken)
    {
        watch.QueriedRemotely();
        return AnswerLocallyAsync(query, cancellationToken);
    }

    /// <summary>The answer to a dashboard query of this process (no remote watcher to note).</summary>
    public async ValueTask<JsonElement> AnswerLocallyAsync(JsonElement query, CancellationToken cancellationToken)
    {
        var kind = query.ValueKind == JsonValueKind.Object && query.TryGetProperty("kind", out var k) ? k.GetString() : "silo";
        object answer = kind switch
        {
            "silo" => Report(query.ValueKind == JsonValueKind.Object && query.TryGetProperty("logsAfter", out var after) ? after.GetInt64() : long.MaxValue),
            "grain" => await GrainAsync(
                new GrainId(query.GetProperty("type").GetString() ?? string.Empty, query.GetProperty("key").GetString() ?? string.Empty),
                cancellationToken).ConfigureAwait(false),
            "stock" => await StockAsync(query.TryGetProperty("lowUnits", out var low) ? low.GetInt32() : 5, cancellationToken).ConfigureAwait(false),
            "reminders" => await RemindersAsync(query.TryGetProperty("limit", out var l) ? l.GetInt32() : 200, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentException($"Unknown dashboard query '{kind}'."),
        };
        return JsonSerializer.SerializeToElement(answer, answer.GetType(), DashboardJson.Options);
    }

    /// <summary>This silo's report with its log entries after <paramref name="logsAfter"/> (none for <see cref="long.MaxValue"/>).</summary>
    public SiloReport Report(long logsAfter)
    {
        var (windows, elapsed) = calls.Drain();
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        var methods = windows.Select(w => new MethodReport(
            w.GrainType,
            w.Method,
            w.Calls,
            w.Exceptions,
            w.Calls / seconds,
            w.Exceptions / seconds,
            w.Calls == 0 ? 0 : w.TotalMs / w.Calls,
            LatencyBuckets.Percentile(w.Buckets, 0.99))).ToList();
        var (cpu, workingSet, heap) = process.Sample();
        return new SiloReport(
            inspector.SiloName,
            inspector.StartedAt,
            cpu,
            workingSet,
            heap,
            inspector.ActivationCount,
            inspector.ActivationCounts,
            inspector.MailboxLength,
            inspector.Cluster?.PartitionOwners() ?? [],
            methods.Sum(m => m.CallsPerSecond),
            methods.Sum(m => m.ExceptionsPerSecond),
            methods,
            inspector.StreamLag,
            orderEvents.Totals,
            inspector.GrainTypes,
            logsAfter == long.MaxValue ? [] : logs.After(logsAfter, LogLevel.Trace, LogsPerReport),
            logs.LastSequence);
    }

    /// <summary>
    /// Stock over the slots active on this silo, read through their grains (local calls: this silo runs them), so only
    /// totals and the low slots cross the network.
    /// </summary>
    public async Task<StockReport> StockAsync(int lowUnits, CancellationToken cancellationToken)
    {
        var keys = inspector.ActiveKeys(StockSlotGrainType, MaxStockSlots);
        using var gate = new SemaphoreSlim(StockReadsInFlight);
        var slots = await Task.WhenAll(keys.Select(async key =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await grains.GetGrain<IStockSlotGrain>(key).GetSnapshot().ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        return new StockReport(
            slots.Length,
            slots.Sum(BusinessCollector.Oversold),
            [.. slots.GroupBy(s => s.WarehouseId, StringComparer.Ordinal).Select(g => new WarehouseStock(
                g.Key,
                g.Count(),
                g.Sum(s => s.OnHand),
                g.Sum(s => s.Reserved),
                g.Sum(s => s.Available),
                [.. g.Where(s => s.Available <= lowUnits).OrderBy(s => s.Available).ThenBy(s => s.Sku, StringComparer.Ordinal)
                    .Take(LowSlotsPerWarehouse).Select(s => new LowStock(s.Sku, s.WarehouseId, s.Available, s.OnHand))]))]);
    }

    public async Task<GrainReport> GrainAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        var known = inspector.GrainTypes.Contains(grainId.Type, StringComparer.Ordinal);
        var states = new List<GrainStateReport>();
        foreach (var slot in inspector.StatesOf(grainId.Type))
        {
            var stored = await inspector.ReadStoredStateAsync(grainId, slot, MaxStateEntries, cancellationToken).ConfigureAwait(false);
            states.Add(new GrainStateReport(slot.StateName, slot.StorageName, stored.State, stored.Entries, stored.EntryCount));
        }

        return new GrainReport(inspector.SiloName, known, inspector.FindActivation(grainId), states);
    }

    public async Task<RemindersReport> RemindersAsync(int limit, CancellationToken cancellationToken)
    {
        var (reminders, truncated) = await inspector.GetRemindersAsync(Math.Clamp(limit, 1, 1000), cancellationToken).ConfigureAwait(false);
        return new RemindersReport(
            [.. reminders.Select(r => new ReminderReport(r.GrainId.ToString(), r.Name, r.StartAt, r.Period.TotalSeconds))],
            truncated);
    }
}
