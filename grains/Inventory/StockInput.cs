using System.Diagnostics.CodeAnalysis;
using OrderGrains.Interfaces.Inventory;

namespace OrderGrains.Grains.Inventory;

/// <summary>Validation of stock slot commands: invalid input is a <see cref="DomainException"/> with a stable code, before anything changes.</summary>
internal static class StockInput
{
    public const int MaxQuantity = 1_000_000;
    public const int MaxOnHand = 1_000_000_000;
    public const int MaxIdLength = 200;
    public static readonly TimeSpan DefaultHold = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxHold = TimeSpan.FromDays(7);

    public static void Id([NotNull] string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxIdLength)
        {
            throw new DomainException("stock.invalid-id", $"The {what} must be 1 to {MaxIdLength} characters, not blank.");
        }
    }

    public static void Quantity(int quantity, string what = "quantity")
    {
        if (quantity is <= 0 or > MaxQuantity)
        {
            throw new DomainException("stock.invalid-quantity", $"The {what} must be between 1 and {MaxQuantity}, not {quantity}.");
        }
    }

    public static void Delta(int delta)
    {
        if (delta == 0 || delta < -MaxQuantity || delta > MaxQuantity)
        {
            throw new DomainException("stock.invalid-quantity", $"An adjustment must be between -{MaxQuantity} and {MaxQuantity} and not 0, not {delta}.");
        }
    }

    public static void SafetyStock(int units)
    {
        if (units is < 0 or > MaxQuantity)
        {
            throw new DomainException("stock.invalid-quantity", $"Safety stock must be between 0 and {MaxQuantity}, not {units}.");
        }
    }

    public static TimeSpan Hold(TimeSpan? hold)
    {
        var value = hold ?? DefaultHold;
        return value <= TimeSpan.Zero || value > MaxHold
            ? throw new DomainException("stock.invalid-hold", $"A reservation hold must be positive and at most {MaxHold.TotalDays:0} days, not {value}.")
            : value;
    }

    public static void Inbound(InboundStock? inbound)
    {
        if (inbound is not null)
        {
            Quantity(inbound.Quantity, "expected inbound quantity");
        }
    }
}
