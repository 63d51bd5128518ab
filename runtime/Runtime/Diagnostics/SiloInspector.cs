using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderGrains.Runtime.Placement;
using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Diagnostics;

/// <summary>One activation as the silo running it sees it.</summary>
/// <param name="ActivationId">The activation's number in this process.</param>
/// <param name="State">Its lifecycle state (Activating, Valid, Deactivating, ...).</param>
/// <param name="MailboxLength">Requests waiting for their turn.</param>
public sealed record ActivationInfo(long ActivationId, string State, int MailboxLength);

/// <summary>A persistent state a grain class declares (<see cref="PersistentStateAttribute"/>).</summary>
public sealed record GrainStateSlot(string StateName, string? StorageName);

/// <summary>A grain state as stored: its row and the first of its keyed entries (by key).</summary>
/// <param name="State">The state row's JSON, null when none is stored.</param>
/// <param name="Entries">Up to the requested number of entries, by key.</param>
/// <param name="EntryCount">How many entries are stored in all.</param>
public sealed record StoredStateView(JsonElement? State, IReadOnlyDictionary<string, JsonElement> Entries, int EntryCount);

/// <summary>
/// A read-only window on this silo's runtime for diagnostics (the dashboard): counts, activations, stored state,
/// reminders, stream lag and the cluster. Reading never activates a grain or changes anything.
/// </summary>
public sealed class SiloInspector
{
    private readonly SiloRuntime _runtime;
    private readonly IOptions<ClusterOptions>? _clusterOptions;
    private ClusterInspector? _cluster;

    internal SiloInspector(SiloRuntime runtime, IOptions<ClusterOptions>? clusterOptions)
    {
        _runtime = runtime;
        _clusterOptions = clusterOptions;
        StartedAt = runtime.TimeProvider.GetUtcNow();
    }

    /// <summary>This silo's name.</summary>
    public string SiloName => _runtime.Cluster?.Local.Name ?? _runtime.Options.SiloName;

    /// <summary>When this silo's runtime was created (about when the process started serving).</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The cluster this silo is part of; null for a silo running alone.</summary>
    public IClusterInspector? Cluster => ClusterView;

    private ClusterInspector? ClusterView =>
        _cluster ??= _runtime.Cluster is { } cluster && _clusterOptions is not null
            ? new ClusterInspector(cluster, cluster.IsDynamic ? [] : _clusterOptions.Value.Validate())
            : null;

    /// <summary>Current activations per grain type (types that had activations, possibly 0 now).</summary>
    public IReadOnlyDictionary<string, long> ActivationCounts => _runtime.Instruments.ActivationCounts;

    /// <summary>Current activations over all types.</summary>
    public int ActivationCount => _runtime.Catalog.Count;

    /// <summary>Requests waiting for their turn over all activations.</summary>
    public long MailboxLength => _runtime.Catalog.TotalMailboxLength();

    /// <summary>Undelivered events per stream provider that reports it.</summary>
    public IReadOnlyDictionary<string, long> StreamLag => _runtime.Instruments.StreamLag;

    /// <summary>Every grain type this silo can activate.</summary>
    public IReadOnlyList<string> GrainTypes => [.. _runtime.GrainTypes.All.Select(d => d.GrainType).Order(StringComparer.Ordinal)];

    /// <summary>The silo that owns <paramref name="grainId"/>'s partition (this one when running alone).</summary>
    public string OwnerOf(GrainId grainId) => _runtime.Cluster?.Partitions.OwnerOf(grainId)?.Name ?? SiloName;

    /// <summary>The endpoint of cluster member <paramref name="silo"/>.</summary>
    /// <exception cref="ArgumentException">No such member (or no cluster).</exception>
    public System.Net.IPEndPoint EndpointOf(string silo) =>
        ClusterView?.EndpointOf(silo) ?? throw new ArgumentException("This silo is not part of a cluster.", nameof(silo));

    /// <summary>The activation of <paramref name="grainId"/> on this silo, or null when it has none here.</summary>
    public ActivationInfo? FindActivation(GrainId grainId) =>
        _runtime.Catalog.TryGetActivation(grainId, out var activation) && activation is not null
            ? new ActivationInfo(activation.ActivationId, activation.State.ToString(), activation.MailboxLength)
            : null;

    /// <summary>Keys of up to <paramref name="limit"/> activations of <paramref name="grainType"/> on this silo.</summary>
    public IReadOnlyList<string> ActiveKeys(string grainType, int limit) =>
        [.. _runtime.Catalog.Activations.Where(a => a.GrainId.Type == grainType).Select(a => a.GrainId.Key).Distinct(StringComparer.Ordinal).Take(limit)];

    /// <summary>The persistent states the class of <paramref name="grainType"/> declares; empty for unknown types.</summary>
    public IReadOnlyList<GrainStateSlot> StatesOf(string grainType) =>
        _runtime.GrainTypes.TryGet(grainType, out var descriptor)
            ? [.. descriptor.ClassType.GetConstructors()
                .SelectMany(c => c.GetParameters())
                .Select(p => p.GetCustomAttribute<PersistentStateAttribute>())
                .OfType<PersistentStateAttribute>()
                .Select(a => new GrainStateSlot(a.StateName, a.StorageName))
                .Distinct()]
            : [];

    /// <summary>
    /// The stored (committed) JSON of a grain's state and of up to <paramref name="maxEntries"/> of its keyed entries
    /// (an event-sourced grain keeps its snapshot there).
    /// </summary>
    public async Task<StoredStateView> ReadStoredStateAsync(GrainId grainId, GrainStateSlot slot, int maxEntries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentOutOfRangeException.ThrowIfNegative(maxEntries);
        var store = _runtime.Persistence.Stores.Get(slot.StorageName).Store;
        var stored = await store.ReadStateAsync(grainId, slot.StateName, cancellationToken).ConfigureAwait(false);
        var entries = stored?.Entries ?? [];
        return new StoredStateView(
            stored?.Payload is { } payload ? Parse(payload) : null,
            entries.OrderBy(e => e.Key, StringComparer.Ordinal).Take(maxEntries).ToDictionary(e => e.Key, e => Parse(e.Payload), StringComparer.Ordinal),
            entries.Count);
    }

    private static JsonElement Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Up to <paramref name="limit"/> reminders of the default storage, and whether there were more.</summary>
    public async Task<(IReadOnlyList<ReminderRecord> Reminders, bool Truncated)> GetRemindersAsync(int limit, CancellationToken cancellationToken)
    {
        var stores = _runtime.Persistence.Stores;
        var all = await stores.Get(stores.DefaultStoreName).Store.GetAllRemindersAsync(cancellationToken).ConfigureAwait(false);
        return ([.. all.Take(limit)], all.Count > limit);
    }
}
