namespace OrderGrains.Runtime;

/// <summary>
/// Keyed entries of a persistent state (a stock slot's reservations, a warehouse's open allocations), stored one row
/// per entry beside the state row. Changing an entry marks it; the state's next write stores only the marked entries,
/// in the same transaction as the state row and only if its version check passes, so a large collection costs each
/// change one small row instead of a rewrite of the whole state.
/// </summary>
/// <typeparam name="TEntry">The entry type (serialized with the silo's JSON options).</typeparam>
public interface IPersistentDictionary<TEntry> : IReadOnlyDictionary<string, TEntry>
{
    /// <summary>Adds or replaces the entry under <paramref name="key"/>; stored with the state's next write.</summary>
    void Set(string key, TEntry entry);

    /// <summary>Removes the entry; the removal is stored with the state's next write. False if there was none.</summary>
    bool Remove(string key);
}
