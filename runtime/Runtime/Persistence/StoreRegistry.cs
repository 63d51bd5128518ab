using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Persistence;

/// <summary>A configured store. Its writes go through one group committer, one transaction at a time (prefix durability).</summary>
/// <param name="Store">The store.</param>
public sealed record RuntimeStoreRegistration(IRuntimeStore Store);

/// <summary>The silo's named stores; one is the default for states that name none.</summary>
internal sealed class StoreRegistry
{
    private readonly Dictionary<string, RuntimeStoreRegistration> _stores = new(StringComparer.Ordinal);

    public StoreRegistry(IEnumerable<RuntimeStoreRegistration> registrations, string defaultStoreName)
    {
        foreach (var registration in registrations)
        {
            if (!_stores.TryAdd(registration.Store.Name, registration))
            {
                throw new InvalidOperationException($"Two storages are named '{registration.Store.Name}'.");
            }
        }

        DefaultStoreName = defaultStoreName;
    }

    public string DefaultStoreName { get; }

    public IEnumerable<RuntimeStoreRegistration> All => _stores.Values;

    public RuntimeStoreRegistration Get(string? name)
    {
        name ??= DefaultStoreName;
        return _stores.TryGetValue(name, out var registration)
            ? registration
            : throw new InvalidOperationException(_stores.Count == 0
                ? "No storage is configured for this silo (AddSqliteStorage or AddPostgreSqlStorage)."
                : $"No storage named '{name}' is configured (known: {string.Join(", ", _stores.Keys)}).");
    }
}
