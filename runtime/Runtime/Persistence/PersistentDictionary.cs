using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Persistence;

/// <summary>One entry collection of a persistent state: the values in memory and the keys changed since the last write.</summary>
internal sealed class PersistentDictionary<TEntry> : IPersistentDictionary<TEntry>, IEntryChangeSource
{
    private readonly Dictionary<string, TEntry> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly JsonTypeInfo<TEntry> _typeInfo;

    private readonly string _prefix;

    /// <param name="prefix">Prefix of the stored keys of this collection ("name/").</param>
    /// <param name="stored">The collection's stored entries, keys without the prefix.</param>
    /// <param name="typeInfo">How entries are serialized.</param>
    public PersistentDictionary(string prefix, IReadOnlyList<StoredEntry> stored, JsonTypeInfo<TEntry> typeInfo)
    {
        _prefix = prefix;
        _typeInfo = typeInfo;
        foreach (var entry in stored)
        {
            _values[entry.Key] = JsonSerializer.Deserialize(entry.Payload, typeInfo)!;
        }
    }

    public int Count => _values.Count;

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<TEntry> Values => _values.Values;

    public TEntry this[string key] => _values[key];

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TEntry value) => _values.TryGetValue(key, out value);

    public void Set(string key, TEntry entry)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _values[key] = entry;
        _changed.Add(key);
    }

    public bool Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_values.Remove(key))
        {
            return false;
        }

        _changed.Add(key);
        return true;
    }

    public IEnumerator<KeyValuePair<string, TEntry>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public IReadOnlyList<EntryChange> TakeChanges()
    {
        if (_changed.Count == 0)
        {
            return [];
        }

        var changes = new EntryChange[_changed.Count];
        var i = 0;
        foreach (var key in _changed)
        {
            changes[i++] = new EntryChange(_prefix + key, _values.TryGetValue(key, out var value) ? JsonSerializer.SerializeToUtf8Bytes(value, _typeInfo) : null);
        }

        _changed.Clear();
        return changes;
    }

    public void Reset()
    {
        _values.Clear();
        _changed.Clear();
    }
}

/// <summary>What a persistent state needs from its entries when it writes.</summary>
internal interface IEntryChangeSource
{
    /// <summary>The changes since the last call (serialized now), and forgets them.</summary>
    IReadOnlyList<EntryChange> TakeChanges();

    /// <summary>Forgets every entry (the state was cleared).</summary>
    void Reset();
}
