namespace OrderGrains.Grains.Inventory;

/// <summary>An item kept for a while in a <see cref="RecentIndex{TItem}"/>, with its place in arrival order.</summary>
public sealed record RecentItem<TItem>(long Sequence, TItem Item);

/// <summary>
/// The most recent items by key (answers to repeated requests), stored as entries of the grain's state so that adding
/// one writes one row; beyond the capacity the oldest are removed, in chunks so adding stays O(1) amortized.
/// </summary>
internal sealed class RecentIndex<TItem>(IPersistentDictionary<RecentItem<TItem>> entries, int capacity)
{
    private long _next = entries.Count == 0 ? 1 : entries.Values.Max(e => e.Sequence) + 1;

    public bool TryGet(string key, out TItem item)
    {
        if (entries.TryGetValue(key, out var recent))
        {
            item = recent.Item;
            return true;
        }

        item = default!;
        return false;
    }

    public bool Contains(string key) => entries.ContainsKey(key);

    public void Add(string key, TItem item)
    {
        if (entries.ContainsKey(key))
        {
            return;
        }

        entries.Set(key, new RecentItem<TItem>(_next++, item));
        if (entries.Count >= capacity + Math.Max(16, capacity / 8))
        {
            foreach (var oldest in entries.OrderBy(e => e.Value.Sequence).Take(entries.Count - capacity).Select(e => e.Key).ToList())
            {
                entries.Remove(oldest);
            }
        }
    }
}
