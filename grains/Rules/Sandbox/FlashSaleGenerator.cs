using System.Globalization;
using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Rules;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Rules.Sandbox;

/// <summary>
/// A generated flash sale, deterministic for a seed: orders spread over one day (2026-06-18, UTC), each line on a
/// hot SKU with a weight <c>VolumeMultiplier</c> times a normal SKU's; destinations near the warehouses' cities;
/// customers of mixed tiers; a few gift orders and urgent notes (English and Chinese); an optional warehouse outage.
/// </summary>
public static class FlashSaleGenerator
{
    /// <summary>The sale's day.</summary>
    public static readonly DateOnly Day = new(2026, 6, 18);

    private static readonly string[] Channels = ["web", "web", "app", "app", "marketplace"];
    private static readonly string?[] Notes = ["urgent please", "急发", "生日礼物", "birthday gift"];

    /// <summary>A synthetic catalogue: <c>SBX-HOT-001..</c> then <c>SBX-SKU-0001..</c>.</summary>
    public static List<string> Catalogue(int hotSkus, int total)
    {
        var skus = new List<string>(total);
        for (var i = 1; i <= hotSkus; i++)
        {
            skus.Add(string.Create(CultureInfo.InvariantCulture, $"SBX-HOT-{i:D3}"));
        }

        for (var i = 1; skus.Count < total; i++)
        {
            skus.Add(string.Create(CultureInfo.InvariantCulture, $"SBX-SKU-{i:D4}"));
        }

        return skus;
    }

    /// <summary>Synthetic stock for a catalogue: each SKU in 2-5 warehouses; hot SKUs scarcer per warehouse than the sale's demand.</summary>
    public static Dictionary<string, IReadOnlyList<SkuAvailability>> Stock(IReadOnlyList<string> skus, int hotSkus, IReadOnlyList<WarehouseSnapshot> warehouses, int seed)
    {
        ArgumentNullException.ThrowIfNull(skus);
        ArgumentNullException.ThrowIfNull(warehouses);
        var random = new Random(seed ^ 0x5EED);
        var at = new DateTimeOffset(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var stock = new Dictionary<string, IReadOnlyList<SkuAvailability>>(skus.Count, StringComparer.Ordinal);
        for (var s = 0; s < skus.Count; s++)
        {
            var count = Math.Min(warehouses.Count, random.Next(2, 6));
            var first = random.Next(warehouses.Count);
            var entries = new List<SkuAvailability>(count);
            for (var k = 0; k < count; k++)
            {
                var warehouse = warehouses[(first + k) % warehouses.Count].Profile.WarehouseId;
                if (entries.Exists(e => e.WarehouseId == warehouse))
                {
                    continue;
                }

                var units = s < hotSkus ? random.Next(20, 120) : random.Next(50, 300);
                entries.Add(new SkuAvailability(warehouse, units, units, null, at));
            }

            stock[skus[s]] = entries;
        }

        return stock;
    }

    /// <summary>The sale's orders, in time order.</summary>
    public static List<SandboxOrder> Orders(SandboxRequest request, IReadOnlyList<string> skus, IReadOnlyList<WarehouseSnapshot> warehouses)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(skus);
        ArgumentNullException.ThrowIfNull(warehouses);
        if (skus.Count == 0 || warehouses.Count == 0)
        {
            throw new DomainException("sandbox.invalid", "A flash sale needs at least one SKU and one warehouse.");
        }

        var random = new Random(request.Seed);
        var hot = Math.Min(request.HotSkus, skus.Count);
        var hotWeight = hot * request.VolumeMultiplier;
        var hotShare = hotWeight / (hotWeight + (skus.Count - hot));
        var start = new DateTimeOffset(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var times = new long[request.Orders];
        for (var i = 0; i < times.Length; i++)
        {
            times[i] = random.NextInt64(TimeSpan.TicksPerDay);
        }

        Array.Sort(times);
        var orders = new List<SandboxOrder>(request.Orders);
        var profiles = new Dictionary<int, CustomerProfile>();
        for (var i = 0; i < request.Orders; i++)
        {
            var customerNumber = random.Next(1, Math.Max(2, request.Orders / 2));
            if (!profiles.TryGetValue(customerNumber, out var customer))
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"SBX-C-{customerNumber:D6}");
                var roll = random.NextDouble();
                var tier = roll < 0.05 ? CustomerTier.Vip : roll < 0.20 ? CustomerTier.Gold : roll < 0.40 ? CustomerTier.Silver : CustomerTier.Standard;
                customer = new CustomerProfile(id, id, tier, new CustomerPreferences(random.NextDouble() < 0.9), [], new CustomerHistory(random.Next(0, 40), random.Next(0, 3), random.Next(0, 2), 0));
                profiles[customerNumber] = customer;
            }

            var lineCount = random.NextDouble() switch { < 0.7 => 1, < 0.9 => 2, _ => 3 };
            var lines = new List<(string, int, decimal, bool)>(lineCount);
            for (var l = 0; l < lineCount; l++)
            {
                var sku = random.NextDouble() < hotShare ? skus[random.Next(hot)] : skus[hot + random.Next(Math.Max(1, skus.Count - hot)) % skus.Count];
                lines.Add((sku, random.NextDouble() < 0.85 ? 1 : 2, Math.Round((decimal)(random.NextDouble() * 500) + 10, 2), false));
            }

            var near = warehouses[random.Next(warehouses.Count)].Profile;
            var destination = new Address(
                "Sandbox", "1 Sandbox Road", near.City, near.City, "000000", near.Country,
                near.Location.Latitude + ((random.NextDouble() - 0.5) * 2), near.Location.Longitude + ((random.NextDouble() - 0.5) * 2));
            var speed = random.NextDouble() switch { < 0.8 => ShippingSpeed.Standard, < 0.95 => ShippingSpeed.Express, _ => ShippingSpeed.Priority };
            var noteRoll = random.NextDouble();
            var note = noteRoll < 0.06 ? Notes[random.Next(Notes.Length)] : null;
            orders.Add(new SandboxOrder(
                string.Create(CultureInfo.InvariantCulture, $"SBX-{request.Seed}-{i + 1:D7}"),
                customer.CustomerId,
                Channels[random.Next(Channels.Length)],
                customer,
                lines,
                destination,
                random.NextDouble() < 0.05,
                speed,
                note,
                start.AddTicks(times[i])));
        }

        return orders;
    }

    /// <summary>The outage of the request, if any, on the sale's day.</summary>
    public static IReadOnlyList<SandboxOutage> Outages(SandboxRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.OutageWarehouse is { } warehouse
            ? [new SandboxOutage(warehouse, new DateTimeOffset(Day.ToDateTime(request.OutageAt ?? new TimeOnly(10, 0)), TimeSpan.Zero))]
            : [];
    }
}
