namespace OrderGrains.Grains.Promises;

/// <summary>
/// The wait behind a warehouse's backlog, in hours of shift work: the units ahead divided by the daily capacity,
/// spread over the shift, with the warehouse's real throughput uncertain (a good day clears 15% more, a bad one
/// 25-60% less). A backlog above capacity rolls into the next working days through the work timeline.
/// </summary>
public static class QueueModel
{
    private static readonly (double Throughput, double Probability)[] Throughputs = [(1.15, 0.2), (1.0, 0.5), (0.8, 0.2), (0.6, 0.1)];

    /// <summary>The wait when it takes <paramref name="nominalHours"/> of shift work at nominal throughput.</summary>
    public static HourDistribution Wait(double nominalHours, int maxHours = Convolution.DefaultMaxHours)
    {
        if (nominalHours <= 0)
        {
            return HourDistribution.Point(0);
        }

        var weights = new double[maxHours + 1];
        var overflow = 0.0;
        foreach (var (throughput, probability) in Throughputs)
        {
            var hours = nominalHours / throughput;
            var bin = double.IsFinite(hours) ? HourDistribution.BinOf(hours) : int.MaxValue;
            if (bin > maxHours)
            {
                overflow += probability;
            }
            else
            {
                weights[bin] += probability;
            }
        }

        return HourDistribution.FromWeights(weights, overflow);
    }

    /// <summary>Shift hours of work ahead at nominal throughput, in steps of <paramref name="step"/> hours (so promises can be cached per load level).</summary>
    public static double NominalHours(int unitsAhead, int dailyCapacity, double shiftHours, double step = 0.5)
    {
        if (unitsAhead <= 0)
        {
            return 0;
        }

        var hours = dailyCapacity <= 0 ? Convolution.DefaultMaxHours : Math.Min(Convolution.DefaultMaxHours, unitsAhead / (double)dailyCapacity * shiftHours);
        return Math.Ceiling(hours / step) * step;
    }
}
