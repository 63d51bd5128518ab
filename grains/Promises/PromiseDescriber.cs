using OrderGrains.Interfaces.Promises;

namespace OrderGrains.Grains.Promises;

/// <summary>Turns the composed distribution into the promise a shopper sees: the date at the confidence (a whole local day), its probability and text, the daily curve.</summary>
public static class PromiseDescriber
{
    private const int MaxDays = 28;

    public static ShipmentPromise Describe(
        HourDistribution total, DateTimeOffset start, WarehouseCalendar calendar, double confidence,
        string warehouseId, string carrier, ShippingSpeed service, string lane, PromiseBasis basis)
    {
        ArgumentNullException.ThrowIfNull(total);
        ArgumentNullException.ThrowIfNull(calendar);
        var cumulative = total.Cumulative;
        var hours = total.Quantile(confidence) ?? total.Length;
        var day = calendar.LocalDay(start.AddHours(hours));
        var promisedBy = calendar.EndOfDay(day);
        var probability = total.ProbabilityWithin((promisedBy - start).TotalHours);

        var cdf = new List<double>(cumulative.Length);
        foreach (var p in cumulative)
        {
            cdf.Add(Math.Round(p, 6));
        }

        var daily = new List<PromisePoint>();
        var first = calendar.LocalDay(start);
        for (var d = 0; d < MaxDays; d++)
        {
            var current = first.AddDays(d);
            var p = Math.Round(total.ProbabilityWithin((calendar.EndOfDay(current) - start).TotalHours), 4);
            daily.Add(new PromisePoint(current, p));
            if (p >= 0.999)
            {
                break;
            }
        }

        return new ShipmentPromise(
            warehouseId,
            carrier,
            service,
            lane,
            start,
            confidence,
            promisedBy,
            Math.Round(probability, 4),
            PromiseText.Format(probability, day),
            total.Quantile(0.5) ?? total.Length,
            hours,
            cdf,
            daily,
            basis);
    }
}
