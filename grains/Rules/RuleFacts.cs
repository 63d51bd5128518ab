using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Rules;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Rules;

/// <summary>A line as rules see it.</summary>
public readonly record struct RuleLineFact(string Sku, int Quantity);

/// <summary>Stock of a SKU over all warehouses, as rules see it.</summary>
public readonly record struct StockFact(int Available, int OnHand, DateOnly? NextInbound);

/// <summary>
/// Everything a rule condition may look at for one order, gathered once before evaluation. Stock and warehouse facts
/// are gathered only when the rule set has conditions on them (<see cref="CompiledRuleSet.NeedsStock"/>,
/// <see cref="CompiledRuleSet.NeedsWarehouses"/>); without them those conditions are false.
/// </summary>
public sealed class RuleFacts
{
    public required string OrderId { get; init; }

    public required string CustomerId { get; init; }

    public required string Channel { get; init; }

    public CustomerTier Tier { get; init; }

    public int HistoryOrders { get; init; }

    public double ReturnRate { get; init; }

    public int LateDeliveries { get; init; }

    public bool AcceptsSplit { get; init; } = true;

    public ShippingSpeed PreferredSpeed { get; init; }

    public string Country { get; init; } = string.Empty;

    public string Region { get; init; } = string.Empty;

    public string City { get; init; } = string.Empty;

    public string PostalCode { get; init; } = string.Empty;

    public decimal Value { get; init; }

    public int Units { get; init; }

    public int LineCount { get; init; }

    /// <summary>The order is a gift or holds a gift line.</summary>
    public bool IsGift { get; init; }

    public ShippingSpeed Speed { get; init; }

    public RuleLineFact[] Lines { get; init; } = [];

    public DateTimeOffset Now { get; init; }

    /// <summary>The buyer's note after <see cref="TextFold.Fold"/>.</summary>
    public string FoldedNote { get; init; } = string.Empty;

    /// <summary>Stock per SKU (case-insensitive keys), when gathered.</summary>
    public IReadOnlyDictionary<string, StockFact>? Stock { get; init; }

    /// <summary>Warehouses with status and load, when gathered.</summary>
    public IReadOnlyList<WarehouseSnapshot>? Warehouses { get; init; }

    /// <summary>The facts of an order about to be placed (or re-sourced).</summary>
    public static RuleFacts For(
        string orderId,
        string customerId,
        string channel,
        IReadOnlyList<(string Sku, int Quantity, decimal UnitPrice, bool IsGift)> lines,
        Address shipTo,
        bool isGift,
        ShippingSpeed speed,
        string? note,
        CustomerProfile? customer,
        DateTimeOffset now,
        IReadOnlyDictionary<string, StockFact>? stock = null,
        IReadOnlyList<WarehouseSnapshot>? warehouses = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(shipTo);
        var facts = new RuleLineFact[lines.Count];
        decimal value = 0;
        var units = 0;
        var gift = isGift;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            facts[i] = new RuleLineFact(line.Sku, line.Quantity);
            value += line.UnitPrice * line.Quantity;
            units += line.Quantity;
            gift |= line.IsGift;
        }

        return new RuleFacts
        {
            OrderId = orderId,
            CustomerId = customerId,
            Channel = channel,
            Tier = customer?.Tier ?? CustomerTier.Standard,
            HistoryOrders = customer?.History.Orders ?? 0,
            ReturnRate = customer?.History.ReturnRate ?? 0,
            LateDeliveries = customer?.History.LateDeliveries ?? 0,
            AcceptsSplit = customer?.Preferences.AcceptsSplitShipments ?? true,
            PreferredSpeed = customer?.Preferences.PreferredSpeed ?? ShippingSpeed.Standard,
            Country = shipTo.Country ?? string.Empty,
            Region = shipTo.Region ?? string.Empty,
            City = shipTo.City ?? string.Empty,
            PostalCode = shipTo.PostalCode ?? string.Empty,
            Value = value,
            Units = units,
            LineCount = lines.Count,
            IsGift = gift,
            Speed = speed,
            Lines = facts,
            Now = now,
            FoldedNote = TextFold.Fold(note),
            Stock = stock,
            Warehouses = warehouses,
        };
    }

    /// <summary>Stock facts per SKU from the availability the inventory view reports.</summary>
    public static Dictionary<string, StockFact> StockOf(IReadOnlyDictionary<string, IReadOnlyList<SkuAvailability>> availability)
    {
        ArgumentNullException.ThrowIfNull(availability);
        var stock = new Dictionary<string, StockFact>(availability.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (sku, entries) in availability)
        {
            int available = 0, onHand = 0;
            DateOnly? inbound = null;
            foreach (var entry in entries)
            {
                available += Math.Max(0, entry.Available);
                onHand += Math.Max(0, entry.OnHand);
                if (entry.ExpectedInbound is { Quantity: > 0 } next && (inbound is null || next.ExpectedOn < inbound))
                {
                    inbound = next.ExpectedOn;
                }
            }

            stock[sku] = new StockFact(available, onHand, inbound);
        }

        return stock;
    }
}
