using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Promises;

/// <summary>Decides whether a warehouse changed enough since the last look for its orders to re-evaluate their promises.</summary>
public static class WarehouseLoadChange
{
    /// <summary>The reason to re-evaluate, or null: the status got worse, or the queued work grew by at least <paramref name="jumpHours"/>.</summary>
    public static string? Describe(WarehouseStatus previousStatus, double? previousQueueHours, WarehouseStatus status, double queueHours, double jumpHours)
    {
        if (status > previousStatus)
        {
            return $"warehouse went from {previousStatus} to {status}";
        }

        return previousQueueHours is { } before && queueHours - before >= jumpHours
            ? $"backlog jumped from {before:0.#} h to {queueHours:0.#} h of queued work"
            : null;
    }

    /// <summary>Queued work in shift hours (a degraded warehouse works at half capacity).</summary>
    public static double QueueHours(WarehouseSnapshot snapshot, double shiftHours)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var capacity = snapshot.Status == WarehouseStatus.Online ? snapshot.Profile.DailyCapacityUnits : snapshot.Profile.DailyCapacityUnits / 2;
        return QueueModel.NominalHours(snapshot.BacklogUnits, capacity, shiftHours);
    }
}
