using OrderGrains.Interfaces.Promises;

namespace OrderGrains.Grains.Promises;

/// <summary>
/// Promises made vs kept, per confidence level (rounded to 5 points) overall and per lane: a promise made at 90% is
/// calibrated when about 90% of such promises are kept. Stored as plain dictionaries (persisted JSON has no type names).
/// </summary>
public sealed class CalibrationTable
{
    /// <summary>Per lane (and <see cref="Overall"/>): confidence bucket → [promises, kept].</summary>
    public Dictionary<string, Dictionary<string, long[]>> Lanes { get; set; } = new(StringComparer.Ordinal);

    public long Samples { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    private const string Overall = "*";

    /// <summary>The bucket of a confidence: rounded to 5 points ("0.90").</summary>
    public static double Bucket(double confidence) => Math.Round(Math.Round(confidence * 20, MidpointRounding.AwayFromZero) / 20, 2);

    public void Add(CalibrationSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var bucket = Bucket(sample.Confidence).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        Count(Overall, bucket, sample.OnTime);
        Count(sample.Lane, bucket, sample.OnTime);
        Samples++;
        UpdatedAt = UpdatedAt is { } at && at > sample.DeliveredAt ? at : sample.DeliveredAt;
    }

    public CalibrationReport Report()
    {
        var lanes = new List<LaneCalibration>(Lanes.Count);
        foreach (var (lane, buckets) in Lanes.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (lane != Overall)
            {
                lanes.Add(new LaneCalibration(lane, Buckets(buckets)));
            }
        }

        return new CalibrationReport(Lanes.TryGetValue(Overall, out var overall) ? Buckets(overall) : [], lanes, Samples, UpdatedAt);
    }

    private void Count(string lane, string bucket, bool onTime)
    {
        if (!Lanes.TryGetValue(lane, out var buckets))
        {
            Lanes[lane] = buckets = new Dictionary<string, long[]>(StringComparer.Ordinal);
        }

        if (!buckets.TryGetValue(bucket, out var counts))
        {
            buckets[bucket] = counts = new long[2];
        }

        counts[0]++;
        counts[1] += onTime ? 1 : 0;
    }

    private static List<CalibrationBucket> Buckets(Dictionary<string, long[]> buckets) =>
        [.. buckets
            .Select(b => new CalibrationBucket(double.Parse(b.Key, System.Globalization.CultureInfo.InvariantCulture), b.Value[0], b.Value[1]))
            .OrderBy(b => b.Confidence)];
}
