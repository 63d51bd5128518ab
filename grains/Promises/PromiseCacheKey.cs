namespace OrderGrains.Grains.Promises;

/// <summary>
/// What a composed promise depends on: the warehouse, the lane, the hour it starts, the load level (queue hours in
/// half-hour steps), the prior's reference hours, the versions of the learned distributions and the confidence.
/// </summary>
internal readonly record struct PromiseCacheKey(
    string WarehouseId,
    string Lane,
    long StartTicks,
    double QueueHours,
    int ReferenceHours,
    long Versions,
    double Confidence,
    bool Degraded);
