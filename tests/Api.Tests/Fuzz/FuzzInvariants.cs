using System.Net;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Api.Tests.Fuzz;

/// <summary>What must still hold after any amount of hostile traffic: stock never oversold, every order readable and whole.</summary>
public static class FuzzInvariants
{
    /// <summary>The broken invariants, one line each; empty when all hold.</summary>
    public static async Task<List<string>> CheckAsync(ApiHost host, FuzzIds ids)
    {
        var broken = new List<string>();
        foreach (var stock in host.Network.Stock)
        {
            var slot = await host.Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(stock.Sku, stock.WarehouseId)).GetSnapshot();
            if (slot.Reserved < 0 || slot.OnHand < 0 || slot.SafetyStock < 0 || slot.Reserved > slot.OnHand - slot.SafetyStock)
            {
                broken.Add($"stock {stock.Sku}@{stock.WarehouseId}: on hand {slot.OnHand}, reserved {slot.Reserved}, safety {slot.SafetyStock}");
            }
        }

        using var admin = host.Client(ApiRoles.Admin, subject: "fuzz-auditor");
        foreach (var orderId in ids.Orders.Concat(ids.SeenOrders.Keys).Distinct(StringComparer.Ordinal))
        {
            using var response = await admin.GetAsync($"/api/v1/orders/{Uri.EscapeDataString(orderId)}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                broken.Add($"order {orderId}: GET answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                continue;
            }

            var order = await response.ReadAsync<OrderView>();
            broken.AddRange(Check(order).Select(problem => $"order {orderId} ({order.Status}): {problem}"));
            using var timeline = await admin.GetAsync($"/api/v1/orders/{Uri.EscapeDataString(orderId)}/timeline");
            if (timeline.StatusCode != HttpStatusCode.OK)
            {
                broken.Add($"order {orderId}: timeline answered {(int)timeline.StatusCode}");
            }
        }

        return broken;
    }

    /// <summary>An order's own consistency: it has lines, and its open shipments carry no more of a line than ordered.</summary>
    private static IEnumerable<string> Check(OrderView order)
    {
        if (order.Lines.Count == 0)
        {
            yield return "no lines";
        }

        var lines = order.Lines.ToDictionary(l => l.LineId, StringComparer.Ordinal);
        var shipped = order.Shipments.Where(s => s.Status != ShipmentStatus.Cancelled).SelectMany(s => s.Lines).ToList();
        foreach (var allocated in shipped)
        {
            if (!lines.TryGetValue(allocated.LineId, out var line))
            {
                yield return $"shipment line {allocated.LineId} is not a line of the order";
            }
            else if (allocated.Sku != line.Sku || allocated.Quantity <= 0)
            {
                yield return $"shipment line {allocated.LineId} has SKU {allocated.Sku} x{allocated.Quantity}, the order line SKU {line.Sku}";
            }
        }

        foreach (var (lineId, quantity) in shipped.GroupBy(a => a.LineId).Select(g => (g.Key, g.Sum(a => a.Quantity))))
        {
            if (lines.TryGetValue(lineId, out var line) && quantity > line.Quantity)
            {
                yield return $"line {lineId}: {quantity} units in shipments for {line.Quantity} ordered";
            }
        }
    }
}
