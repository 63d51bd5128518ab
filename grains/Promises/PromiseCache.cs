using System.Collections.Concurrent;
using OrderGrains.Interfaces.Promises;

namespace OrderGrains.Grains.Promises;

/// <summary>
/// Per-silo caches shared by the promise workers: learned distributions read from their grains (reused for
/// <see cref="PromiseOptions.DistributionCacheFor"/>) and composed promises per (warehouse, lane, hour, load). Promises
/// start on the hour, so an entry is useless after its hour: the cache is simply emptied when it grows too large.
/// </summary>
public sealed class PromiseCache(PromiseOptions options)
{
    private readonly ConcurrentDictionary<PromiseCacheKey, ShipmentPromise> _promises = new();
    private readonly ConcurrentDictionary<string, (StageDistribution Distribution, DateTimeOffset FetchedAt)> _distributions = new(StringComparer.Ordinal);

    public int Count => _promises.Count;

    internal bool TryGet(in PromiseCacheKey key, out ShipmentPromise promise) => _promises.TryGetValue(key, out promise!);

    internal void Put(in PromiseCacheKey key, ShipmentPromise promise)
    {
        if (_promises.Count >= options.CacheEntries)
        {
            _promises.Clear();
        }

        _promises[key] = promise;
    }

    public bool TryGetDistribution(string key, DateTimeOffset now, out StageDistribution distribution)
    {
        if (_distributions.TryGetValue(key, out var entry) && now - entry.FetchedAt <= options.DistributionCacheFor && now >= entry.FetchedAt)
        {
            distribution = entry.Distribution;
            return true;
        }

        distribution = null!;
        return false;
    }

    public void PutDistribution(StageDistribution distribution, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        _distributions[distribution.Key] = (distribution, now);
    }

    /// <summary>Forgets everything (tests, benchmarks of cold caches).</summary>
    public void Clear()
    {
        _promises.Clear();
        _distributions.Clear();
    }
}
