namespace OrderGrains.Grains.Rules;

/// <summary>
/// Which customers a canary covers: a bucket 0-9999 from a stable hash of the customer id (FNV-1a, the same in every
/// process and version, then mixed so that ids differing only in their last characters spread evenly). A customer is
/// in a canary of p % when its bucket is below p × 100: the same customers stay in as the share grows.
/// </summary>
public static class RuleCanary
{
    public const int Buckets = 10_000;

    public static int Bucket(string customerId)
    {
        var h = StableHash.Fnv1a32("rules-canary", customerId);

        // murmur3's finalizer: every input bit affects every output bit.
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return (int)(h % Buckets);
    }

    public static bool Covers(string customerId, double percent) => percent > 0 && Bucket(customerId) < percent * (Buckets / 100);
}
