namespace OrderGrains.Grains.Inventory;

/// <summary>
/// An index over a stored list of recent items (oldest first) that keeps at most <c>capacity</c> of them:
/// the list is what is persisted, the dictionary answers lookups.
/// </summary>
internal sealed class BoundedIndex<TItem>
    where TItem : notnull
{
    private readonly List<TItem> _items;
    private readonly Func<TItem, string> _key;
    private readonly int _capacity;
    private readonly Dictionary<string, TItem> _byKey = new(StringComparer.Ordinal);

    public BoundedIndex(List<TItem> items, Func<TItem, string> key, int capacity)
    {
        _items = items;
        _key = key;
        _capacity = capacity;
        Trim();
        foreach (var item in _items)
        {
            _byKey[key(item)] = item;
        }
    }

    public bool TryGet(string key, out TItem item) => _byKey.TryGetValue(key, out item!);

    public bool Contains(string key) => _byKey.ContainsKey(key);

    public void Add(TItem item)
    {
        var key = _key(item);
        if (!_byKey.TryAdd(key, item))
        {
            return;
        }

        _items.Add(item);

        // Trim in chunks so that adding stays O(1) amortized.
        if (_items.Count >= _capacity + Math.Max(16, _capacity / 8))
        {
            foreach (var removed in _items.Take(_items.Count - _capacity))
            {
                _byKey.Remove(_key(removed));
            }

            Trim();
        }
    }

    private void Trim()
    {
        if (_items.Count > _capacity)
        {
            _items.RemoveRange(0, _items.Count - _capacity);
        }
    }
}
