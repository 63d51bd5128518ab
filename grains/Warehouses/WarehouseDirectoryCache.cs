using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Warehouses;

/// <summary>
/// The warehouse directory as this silo's routing and promise grains read it: never older than <see cref="MaxAge"/>.
/// One refresh runs at a time for the whole silo, and it starts once the list is half that age, while callers go on
/// with the list they have; only a caller that finds the list older than <see cref="MaxAge"/> waits for it. Before,
/// every worker activation refreshed on its own, and in a burst hundreds of routes asked the directory at once. If the
/// directory cannot be reached, the silo keeps the list it has.
/// </summary>
public sealed class WarehouseDirectoryCache(IGrainFactory grains, TimeProvider time, ILogger<WarehouseDirectoryCache> logger)
{
    /// <summary>The oldest list a caller gets.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private DirectoryView? _current;
    private Task<DirectoryView>? _refreshing;

    /// <summary>Every warehouse, ordered by id.</summary>
    public async ValueTask<IReadOnlyList<WarehouseSnapshot>> ListAsync() => (await GetAsync(refresh: false)).List;

    /// <summary>One warehouse; a warehouse the list does not know yet (just configured) is asked for its snapshot.</summary>
    public async ValueTask<WarehouseSnapshot> GetAsync(string warehouseId)
    {
        if ((await GetAsync(refresh: false)).ById.TryGetValue(warehouseId, out var snapshot)
            || (await GetAsync(refresh: true)).ById.TryGetValue(warehouseId, out snapshot))
        {
            return snapshot;
        }

        return await grains.GetGrain<IWarehouseGrain>(warehouseId).GetSnapshot();
    }

    private ValueTask<DirectoryView> GetAsync(bool refresh)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            // A list from the future (the clock went back) counts as too old.
            var current = refresh ? null : _current;
            var age = current is null ? TimeSpan.MaxValue : now - current.FetchedAt;
            if (current is not null && age >= TimeSpan.Zero && age <= MaxAge / 2)
            {
                return new(current);
            }

            // Off the caller's activation: the refresh serves every grain of the silo.
            var refreshing = _refreshing ??= Task.Run(RefreshAsync);
            return current is not null && age >= TimeSpan.Zero && age <= MaxAge ? new(current) : new(refreshing);
        }
    }

    private async Task<DirectoryView> RefreshAsync()
    {
        try
        {
            var list = await grains.GetGrain<IWarehouseDirectoryGrain>(WarehouseDirectoryGrain.Key).List().ConfigureAwait(false);
            var view = new DirectoryView(list, list.ToDictionary(w => w.Profile.WarehouseId, StringComparer.Ordinal), time.GetUtcNow());
            lock (_gate)
            {
                _current = view;
                _refreshing = null;
            }

            return view;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.DirectoryReadFailed(exception);
            lock (_gate)
            {
                _refreshing = null;
                if (_current is { } kept)
                {
                    return kept;
                }
            }

            throw;
        }
    }

    private sealed record DirectoryView(IReadOnlyList<WarehouseSnapshot> List, Dictionary<string, WarehouseSnapshot> ById, DateTimeOffset FetchedAt);
}
