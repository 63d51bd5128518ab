using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Grains.Orders;

/// <summary>Checks commands before anything changes; refusals name the field.</summary>
internal static class OrderValidation
{
    public static void Validate(PlaceOrder order, int maxLines, int maxQuantity)
    {
        Require(order is not null, "order", "is required");
        Require(!string.IsNullOrWhiteSpace(order!.CustomerId) && order.CustomerId.Length <= 100, "customerId", "must be 1-100 characters");
        Require(!string.IsNullOrWhiteSpace(order.Channel) && order.Channel.Length <= 100, "channel", "must be 1-100 characters");
        Require(order.Lines is { Count: > 0 } && order.Lines.Count <= maxLines, "lines", $"must have 1-{maxLines} lines");
        for (var i = 0; i < order.Lines!.Count; i++)
        {
            ValidateLine(order.Lines[i].Sku, order.Lines[i].Quantity, order.Lines[i].UnitPrice, $"lines[{i}]", maxQuantity);
        }

        Require(order.Note is null || order.Note.Length <= 2000, "note", "must be at most 2000 characters");
        ValidateAddress(order.ShipTo);
    }

    public static void ValidateAddress(Address? address)
    {
        Require(address is not null, "shipTo", "is required");
        Require(!string.IsNullOrWhiteSpace(address!.Name), "shipTo.name", "is required");
        Require(!string.IsNullOrWhiteSpace(address.Line1), "shipTo.line1", "is required");
        Require(!string.IsNullOrWhiteSpace(address.City), "shipTo.city", "is required");
        Require(!string.IsNullOrWhiteSpace(address.Country), "shipTo.country", "is required");
        Require(address.Latitude is >= -90 and <= 90 && address.Longitude is >= -180 and <= 180, "shipTo.location", "must be a valid latitude/longitude");
    }

    public static List<OrderLine> ApplyLineChanges(IReadOnlyList<OrderLine> lines, IReadOnlyList<LineChange> changes, int maxLines, int maxQuantity)
    {
        Require(changes is { Count: > 0 } && changes.Count <= maxLines, "changes", $"must have 1-{maxLines} changes");
        var result = lines.ToList();
        var next = lines.Count + 1;
        foreach (var change in changes)
        {
            if (change.LineId is null)
            {
                ValidateLine(change.Sku, change.Quantity, change.UnitPrice ?? 0, "changes[].sku", maxQuantity);
                result.Add(new OrderLine($"L{next++}", change.Sku!.Trim(), change.Quantity, change.UnitPrice ?? 0, null, false, 0.5, Cancelled: false));
                continue;
            }

            var index = result.FindIndex(l => l.LineId == change.LineId && !l.Cancelled);
            Require(index >= 0, $"changes[{change.LineId}]", "names no active line");
            Require(change.Quantity >= 0 && change.Quantity <= maxQuantity, $"changes[{change.LineId}].quantity", $"must be 0-{maxQuantity}");
            result[index] = change.Quantity == 0 ? result[index] with { Cancelled = true } : result[index] with { Quantity = change.Quantity };
        }

        Require(result.Count(l => !l.Cancelled) <= maxLines, "changes", $"would exceed {maxLines} lines");
        return result;
    }

    public static void ValidateReturn(ReturnRequest request, IReadOnlyList<OrderLine> lines)
    {
        Require(request?.Lines is { Count: > 0 }, "lines", "must name at least one line");
        Require(!string.IsNullOrWhiteSpace(request!.Reason) && request.Reason.Length <= 2000, "reason", "must be 1-2000 characters");
        foreach (var line in request.Lines)
        {
            var ordered = lines.FirstOrDefault(l => l.LineId == line.LineId && !l.Cancelled);
            Require(ordered is not null, $"lines[{line.LineId}]", "names no delivered line");
            Require(line.Quantity > 0 && line.Quantity <= ordered!.Quantity, $"lines[{line.LineId}].quantity", $"must be 1-{ordered!.Quantity}");
        }
    }

    public static void ValidateReceived(IReadOnlyList<ReceivedLine> received, IReadOnlyList<ReturnLine> requested)
    {
        Require(received is { Count: > 0 }, "lines", "must name at least one line");
        foreach (var line in received)
        {
            var expected = requested.FirstOrDefault(r => r.LineId == line.LineId);
            Require(expected is not null, $"lines[{line.LineId}]", "was not part of the return");
            Require(line.Quantity >= 0 && line.Quantity <= expected!.Quantity, $"lines[{line.LineId}].quantity", $"must be 0-{expected!.Quantity}");
        }
    }

    private static void ValidateLine(string? sku, int quantity, decimal unitPrice, string field, int maxQuantity)
    {
        Require(!string.IsNullOrWhiteSpace(sku) && sku.Length <= 64 && !sku.Contains('@', StringComparison.Ordinal), $"{field}.sku", "must be 1-64 characters without '@'");
        Require(quantity is > 0 && quantity <= maxQuantity, $"{field}.quantity", $"must be 1-{maxQuantity}");
        Require(unitPrice is >= 0 and <= 10_000_000m, $"{field}.unitPrice", "must be between 0 and 10,000,000");
    }

    private static void Require(bool condition, string field, string rule)
    {
        if (!condition)
        {
            throw new DomainException("order.invalid", $"{field} {rule}.");
        }
    }
}
