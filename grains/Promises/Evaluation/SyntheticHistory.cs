using System.Globalization;
using System.Text;

namespace OrderGrains.Grains.Promises.Evaluation;

/// <summary>
/// A deterministic synthetic order history with the structure real delivery data has: lane effects (origin ×
/// destination distance, carrier speed), weekday and cut-off effects (orders after the 16:00 cut-off or on a Saturday
/// evening wait for the next working day; no collection on Sundays), peak-season slowdowns (11.11 and the last weeks
/// of December), and heavy tails (a few parcels are lost for days). Its "estimated" column is a naive carrier-table
/// date, as a seller without a model would quote. Same seed, same history.
/// </summary>
public static class SyntheticHistory
{
    /// <summary>The offset of every generated timestamp (China Standard Time).</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The collection cut-off of every generated warehouse.</summary>
    public static readonly TimeOnly CutOff = new(16, 0);

    private static readonly string[] Origins = ["WH-BJ", "WH-SH", "WH-GZ", "WH-CD", "WH-WH", "WH-XA"];
    private static readonly string[] Regions = ["Beijing", "Shanghai", "Guangdong", "Sichuan", "Hubei", "Shaanxi", "Zhejiang", "Jiangsu", "Shandong", "Henan", "Fujian", "Yunnan", "Xinjiang", "Heilongjiang"];
    private static readonly (string Name, double Speed, double Share)[] Carriers = [("SF Express", 0.8, 0.35), ("JD Logistics", 0.9, 0.3), ("ZTO", 1.15, 0.35)];

    // A rough distance class (0 = same city, 5 = far west/north) per origin and region, fixed so lanes differ.
    private static readonly int[,] Distance =
    {
        { 0, 2, 3, 3, 2, 2, 2, 2, 1, 1, 3, 4, 4, 2 },
        { 2, 0, 2, 3, 1, 2, 1, 1, 2, 2, 1, 3, 5, 3 },
        { 3, 2, 0, 2, 2, 3, 2, 2, 3, 2, 1, 2, 5, 4 },
        { 3, 3, 2, 0, 2, 1, 3, 3, 3, 2, 3, 1, 3, 4 },
        { 2, 1, 2, 2, 0, 1, 1, 1, 2, 1, 2, 2, 4, 3 },
        { 2, 2, 3, 1, 1, 0, 2, 2, 2, 1, 3, 2, 3, 3 },
    };

    public static List<HistoricalShipment> Generate(int count, int seed = 7, DateOnly? from = null, int days = 365)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var random = new Random(seed);
        var start = new DateTimeOffset((from ?? new DateOnly(2025, 1, 1)).ToDateTime(TimeOnly.MinValue), Offset);
        var shipments = new List<HistoricalShipment>(count);
        for (var i = 0; i < count; i++)
        {
            // Purchases spread over the period, more in the evening than at night.
            var day = random.Next(days);
            var hour = PurchaseHour(random);
            var purchase = start.AddDays(day).AddHours(hour);
            var o = random.Next(Origins.Length);
            var r = random.Next(Regions.Length);
            var carrier = PickCarrier(random);
            var peak = IsPeak(purchase);

            // Pick and pack: 1-6 h of work (twice as long in peak), then the next collection at the cut-off.
            var ready = purchase.AddHours((1 + (5 * random.NextDouble())) * (peak ? 2 : 1));
            var handover = NextCollection(ready);

            // Transit: log-normal around the lane's base, slower in peak, with a heavy tail.
            var baseHours = (14 + (13 * Distance[o, r])) * carrier.Speed;
            var transit = baseHours * Math.Exp(0.22 * Normal(random)) * (peak ? 1.45 : 1);
            if (random.NextDouble() < 0.04)
            {
                transit += -Math.Log(1 - random.NextDouble()) * 60;
            }

            var delivered = handover.AddHours(transit);
            var estimated = purchase.Date.AddDays(1 + Math.Ceiling(baseHours / 24));
            shipments.Add(new HistoricalShipment(purchase, delivered, Origins[o], Regions[r], carrier.Name, new DateTimeOffset(estimated, Offset)));
        }

        shipments.Sort((a, b) => a.Purchase.CompareTo(b.Purchase));
        return shipments;
    }

    /// <summary>Writes the history as CSV (purchase, delivered, origin, destination, carrier, estimated), ISO timestamps.</summary>
    public static void WriteCsv(IEnumerable<HistoricalShipment> shipments, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(shipments);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("order_purchase_timestamp,order_delivered_customer_date,seller_city,customer_state,carrier,order_estimated_delivery_date");
        var line = new StringBuilder();
        foreach (var s in shipments)
        {
            line.Clear()
                .Append(s.Purchase.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(',')
                .Append(s.Delivered.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(',')
                .Append(s.Origin).Append(',').Append(s.Destination).Append(',').Append(s.Carrier).Append(',')
                .Append(s.Estimated?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.WriteLine(line);
        }
    }

    private static bool IsPeak(DateTimeOffset t) =>
        (t.Month == 11 && t.Day is >= 10 and <= 20) || (t.Month == 12 && t.Day >= 18);

    private static DateTimeOffset NextCollection(DateTimeOffset ready)
    {
        var day = ready.Date;
        var cutOff = new DateTimeOffset(day.Add(CutOff.ToTimeSpan()), Offset);
        if (ready > cutOff)
        {
            cutOff = cutOff.AddDays(1);
        }

        while (cutOff.DayOfWeek == DayOfWeek.Sunday)
        {
            cutOff = cutOff.AddDays(1);
        }

        return cutOff;
    }

    private static double PurchaseHour(Random random)
    {
        // Two daytime peaks (lunch and evening) over a low night.
        var u = random.NextDouble();
        var hour = u < 0.1 ? random.NextDouble() * 8 : u < 0.45 ? 10 + (random.NextDouble() * 5) : 15 + (random.NextDouble() * 9);
        return Math.Min(hour, 23.99);
    }

    private static (string Name, double Speed) PickCarrier(Random random)
    {
        var u = random.NextDouble();
        foreach (var (name, speed, share) in Carriers)
        {
            if (u < share)
            {
                return (name, speed);
            }

            u -= share;
        }

        return (Carriers[^1].Name, Carriers[^1].Speed);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
