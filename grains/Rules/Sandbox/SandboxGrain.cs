using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrderGrains.Grains.Warehouses;
using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Rules;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Rules.Sandbox;

/// <summary>
/// A sandbox run (<c>sandbox/{runId}</c>). Loading reads live grains (rule set versions, the warehouse directory,
/// SKU availability, and for history the order index, the orders and their customers) and never writes; the replay
/// then runs off the activation on in-memory copies (<see cref="SandboxRunner"/>). Progress, result and cancellation
/// interleave with the run. The run and its result live in this activation (kept for two hours when idle).
/// </summary>
[GrainType("sandbox")]
[CollectionAge(120)]
public sealed class SandboxGrain(IGrainFactory grains, TimeProvider time, ILogger<SandboxGrain> logger) : Grain, ISandboxGrain
{
    /// <summary>Most orders a run replays.</summary>
    public const int MaxOrders = 1_000_000;

    private const int LoadParallelism = 32;

    private CancellationTokenSource? _cancel;
    private SandboxProgress? _progress;
    private SandboxResult? _result;
    private long _processed;
    private long _total;
    private string _phase = "loading";

    private string RunId => GetPrimaryKeyString();

    public Task<SandboxProgress> Start(SandboxRequest request, string author)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_progress is not null)
        {
            return Task.FromResult(Progress());
        }

        Validate(request);
        _cancel = new CancellationTokenSource();
        _progress = new SandboxProgress(RunId, SandboxRunState.Running, _phase, 0, 0, time.GetUtcNow(), null, null);
        var token = _cancel.Token;
        _ = Task.Run(() => RunAsync(request, token), CancellationToken.None);
        return Task.FromResult(Progress());
    }

    public Task<SandboxProgress?> GetProgress() => Task.FromResult(_progress is null ? null : Progress());

    public Task<SandboxResult?> GetResult() => Task.FromResult(_result);

    public Task<SandboxProgress?> Cancel()
    {
        if (_progress is { State: SandboxRunState.Running })
        {
            _cancel?.Cancel();
        }

        return GetProgress();
    }

    private SandboxProgress Progress()
    {
        var progress = _progress!;
        return progress.State == SandboxRunState.Running
            ? progress with { Phase = Volatile.Read(ref _phase), Processed = Interlocked.Read(ref _processed), Total = Interlocked.Read(ref _total) }
            : progress;
    }

    private static void Validate(SandboxRequest r)
    {
        var problems = new List<string>();
        if (r.Orders is < 1 or > MaxOrders)
        {
            problems.Add($"orders must be 1-{MaxOrders}");
        }

        if (r.MaxOrders is < 1 or > MaxOrders)
        {
            problems.Add($"maxOrders must be 1-{MaxOrders}");
        }

        if (r.HotSkus is < 1 or > 10_000)
        {
            problems.Add("hotSkus must be 1-10000");
        }

        if (!(r.VolumeMultiplier is >= 1 and <= 1000))
        {
            problems.Add("volumeMultiplier must be 1-1000");
        }

        if (r.Skus is { Count: > 10_000 } || r.Skus?.Any(string.IsNullOrWhiteSpace) == true)
        {
            problems.Add("skus holds at most 10000 non-empty SKUs");
        }

        if (r.Source == SandboxSource.History && (r.From is null || r.Until is null || r.Until <= r.From))
        {
            problems.Add("a history replay needs from < until");
        }

        if (problems.Count > 0)
        {
            throw new DomainException("sandbox.invalid", string.Join("; ", problems) + ".");
        }
    }

    private async Task RunAsync(SandboxRequest request, CancellationToken token)
    {
        var started = time.GetUtcNow();
        var count = 0;
        try
        {
            var registry = grains.GetGrain<IRuleSetGrain>(RuleKeys.RuleSet);
            var candidate = await CompileAsync(registry, request.CandidateVersion);
            var baselineId = request.BaselineVersion ?? (await registry.GetOverview()).ActiveVersion;
            var baseline = baselineId is { } id ? await CompileAsync(registry, id) : null;
            var warehouses = await grains.GetGrain<IWarehouseDirectoryGrain>(WarehouseDirectoryGrain.Key).List();
            token.ThrowIfCancellationRequested();

            List<SandboxOrder> orders;
            IReadOnlyDictionary<string, IReadOnlyList<SkuAvailability>> stock;
            if (request.Source == SandboxSource.History)
            {
                orders = await LoadHistoryAsync(request, token);
                stock = await CopyStockAsync(orders.SelectMany(o => o.Lines.Select(l => l.Sku)), token);
            }
            else if (request.Skus is { Count: > 0 } skus)
            {
                orders = FlashSaleGenerator.Orders(request, skus, warehouses);
                stock = await CopyStockAsync(skus, token);
            }
            else
            {
                var catalogue = FlashSaleGenerator.Catalogue(request.HotSkus, Math.Max(200, request.HotSkus * 4));
                orders = FlashSaleGenerator.Orders(request, catalogue, warehouses);
                stock = FlashSaleGenerator.Stock(catalogue, request.HotSkus, warehouses, request.Seed);
            }

            count = orders.Count;
            Interlocked.Exchange(ref _total, orders.Count);
            Volatile.Write(ref _phase, "replaying");
            var outages = request.Source == SandboxSource.FlashSale ? FlashSaleGenerator.Outages(request) : [];
            var result = SandboxRunner.Run(RunId, request, orders, new SandboxWorld(warehouses, stock), baseline, candidate, outages, n => Interlocked.Exchange(ref _processed, n), token);
            _result = result;
            Finish(SandboxRunState.Completed, null);
            RulesLog.SandboxFinished(logger, RunId, "completed", count, (time.GetUtcNow() - started).TotalSeconds);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            Finish(SandboxRunState.Cancelled, null);
            RulesLog.SandboxFinished(logger, RunId, "cancelled", count, (time.GetUtcNow() - started).TotalSeconds);
        }
        catch (Exception exception)
        {
            Finish(SandboxRunState.Failed, exception is DomainException ? exception.Message : $"{exception.GetType().Name}: {exception.Message}");
            RulesLog.SandboxFailed(logger, RunId, exception);
        }
    }

    private void Finish(SandboxRunState state, string? error)
    {
        Volatile.Write(ref _phase, state.ToString().ToLowerInvariant());
        _progress = _progress! with
        {
            State = state,
            Phase = Volatile.Read(ref _phase),
            Processed = Interlocked.Read(ref _processed),
            Total = Interlocked.Read(ref _total),
            FinishedAt = time.GetUtcNow(),
            Error = error,
        };
    }

    private static async Task<CompiledRuleSet> CompileAsync(IRuleSetGrain registry, int versionId)
    {
        var version = await registry.GetVersion(versionId) ?? throw new DomainException("rules.not-found", $"Rule set version {versionId} does not exist.");
        if (version.Summary.Status == RuleSetVersionStatus.Draft)
        {
            throw new DomainException("rules.invalid-transition", $"Version {versionId} is a draft; validate it before a sandbox run.");
        }

        return RuleCompiler.Compile(version.Json, versionId);
    }

    private async Task<Dictionary<string, IReadOnlyList<SkuAvailability>>> CopyStockAsync(IEnumerable<string> skus, CancellationToken token)
    {
        var copy = new ConcurrentDictionary<string, IReadOnlyList<SkuAvailability>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            skus.Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = LoadParallelism, CancellationToken = token },
            async (sku, _) => copy[sku] = await grains.GetGrain<ISkuInventoryGrain>(sku).GetAvailability());
        return new Dictionary<string, IReadOnlyList<SkuAvailability>>(copy, StringComparer.Ordinal);
    }

    private async Task<List<SandboxOrder>> LoadHistoryAsync(SandboxRequest request, CancellationToken token)
    {
        var search = grains.GetGrain<IOrderSearchGrain>(OrderSearch.GrainKey);
        var summaries = new List<OrderSummary>();
        string? cursor = null;
        do
        {
            var page = await search.Search(new OrderQuery(CreatedFrom: request.From, CreatedTo: request.Until, PageSize: OrderSearch.MaxPageSize, Cursor: cursor));
            summaries.AddRange(page.Items);
            cursor = page.NextCursor;
            Interlocked.Exchange(ref _total, summaries.Count);
            token.ThrowIfCancellationRequested();
        }
        while (cursor is not null && summaries.Count < request.MaxOrders);

        if (summaries.Count > request.MaxOrders)
        {
            summaries.RemoveRange(request.MaxOrders, summaries.Count - request.MaxOrders);
        }

        var views = new ConcurrentBag<OrderView>();
        var profiles = new ConcurrentDictionary<string, CustomerProfile>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(summaries, new ParallelOptions { MaxDegreeOfParallelism = LoadParallelism, CancellationToken = token }, async (summary, _) =>
        {
            views.Add(await grains.GetGrain<IOrderGrain>(summary.OrderId).Get());
            if (!profiles.ContainsKey(summary.CustomerId))
            {
                profiles[summary.CustomerId] = await grains.GetGrain<ICustomerGrain>(summary.CustomerId).GetProfile();
            }
        });

        // Time order (then id) makes the replay deterministic whatever order the reads completed in.
        return [.. views
            .Where(v => v.Lines.Any(l => !l.Cancelled))
            .OrderBy(v => v.CreatedAt).ThenBy(v => v.OrderId, StringComparer.Ordinal)
            .Select(v => new SandboxOrder(
                v.OrderId,
                v.CustomerId,
                v.Channel,
                profiles[v.CustomerId],
                [.. v.Lines.Where(l => !l.Cancelled).Select(l => (l.Sku, l.Quantity, l.UnitPrice, l.IsGift))],
                v.ShipTo,
                v.IsGift,
                v.Speed,
                null,
                v.CreatedAt))];
    }
}
