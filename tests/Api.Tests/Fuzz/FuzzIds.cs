using System.Collections.Concurrent;

namespace OrderGrains.Api.Tests.Fuzz;

/// <summary>Ids that exist in the fuzzed host, so hostile bodies reach real grains and not only 404s.</summary>
public sealed class FuzzIds
{
    public List<string> Orders { get; } = [];

    public Dictionary<string, List<string>> Shipments { get; } = new(StringComparer.Ordinal);

    public List<string> Skus { get; } = [];

    public List<string> Warehouses { get; } = [];

    public List<string> Customers { get; } = [];

    public List<string> Channels { get; } = ["marketplace", "pos"];

    /// <summary>Orders seen in any successful response during the run; each is checked afterwards.</summary>
    public ConcurrentDictionary<string, byte> SeenOrders { get; } = new(StringComparer.Ordinal);
}
