using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Warehouses;

/// <summary>
/// All warehouses (<c>warehouse-directory/all</c>): the latest snapshot per warehouse. Versioned updates older than
/// (or equal to) what is known are ignored, so late or repeated pushes never move a warehouse back in time.
/// </summary>
[GrainType("warehouse-directory")]
public sealed class WarehouseDirectoryGrain(
    [PersistentState("directory")] IPersistentState<WarehouseDirectoryState> state,
    ILogger<WarehouseDirectoryGrain> logger) : Grain, IWarehouseDirectoryGrain
{
    /// <summary>The key of the single directory.</summary>
    public const string Key = "all";

    private IReadOnlyList<WarehouseSnapshot>? _list;

    public Task<IReadOnlyList<WarehouseSnapshot>> List() => Task.FromResult(_list ??= BuildList());

    /// <summary>Unversioned update (tools, repairs): applied as the latest, keeping the known version.</summary>
    public Task Update(WarehouseSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var known = state.State.Warehouses.TryGetValue(snapshot.Profile.WarehouseId, out var entry) ? entry.Version : 0;
        return ApplyAsync(snapshot, known);
    }

    public Task Update(WarehouseSnapshot snapshot, long version)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var id = snapshot.Profile.WarehouseId;
        if (state.State.Warehouses.TryGetValue(id, out var entry) && entry.Version >= version)
        {
            logger.StaleUpdateIgnored(id, version, entry.Version);
            return Task.CompletedTask;
        }

        return ApplyAsync(snapshot, version);
    }

    // Written behind: the directory answers before the write is durable (the runtime holds answers leaving the silo
    // until then), so reads are never queued behind a commit; routing reads it at every cache refresh.
    private Task ApplyAsync(WarehouseSnapshot snapshot, long version)
    {
        state.State.Warehouses[snapshot.Profile.WarehouseId] = new WarehouseDirectoryEntry(snapshot, version);
        _list = null;
        state.WriteBehind();
        return Task.CompletedTask;
    }

    private WarehouseSnapshot[] BuildList()
    {
        var list = new WarehouseSnapshot[state.State.Warehouses.Count];
        var i = 0;
        foreach (var entry in state.State.Warehouses.Values)
        {
            list[i++] = entry.Snapshot;
        }

        Array.Sort(list, static (a, b) => string.CompareOrdinal(a.Profile.WarehouseId, b.Profile.WarehouseId));
        return list;
    }
}
