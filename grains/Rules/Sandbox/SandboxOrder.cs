using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Routing;

namespace OrderGrains.Grains.Rules.Sandbox;

/// <summary>An order to replay: what the rules look at and what routing needs.</summary>
public sealed record SandboxOrder(
    string OrderId,
    string CustomerId,
    string Channel,
    CustomerProfile Customer,
    IReadOnlyList<(string Sku, int Quantity, decimal UnitPrice, bool IsGift)> Lines,
    Address Destination,
    bool IsGift,
    ShippingSpeed Speed,
    string? Note,
    DateTimeOffset At)
{
    /// <summary>Routing lines (ship-together when the rules ask for it).</summary>
    public RoutingLine[] RoutingLines(bool together)
    {
        var lines = new RoutingLine[Lines.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = new RoutingLine($"L{i + 1}", Lines[i].Sku, Lines[i].Quantity, together ? "rules:together" : null);
        }

        return lines;
    }
}

/// <summary>A warehouse going offline at a time during the replay.</summary>
public sealed record SandboxOutage(string WarehouseId, DateTimeOffset At);
