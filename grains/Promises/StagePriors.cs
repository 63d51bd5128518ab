namespace OrderGrains.Grains.Promises;

/// <summary>
/// Priors from reference data, used until (and blended with) learned outcomes: log-normal stage times with a
/// heavier second component for the tail (a few parcels take about twice as long), discretized on the hour grid.
/// </summary>
public static class StagePriors
{
    private const double KmPerExtraDay = 600;

    /// <summary>The carrier table's hours for a lane (transit days, one more day per 600 km beyond its range).</summary>
    public static double ReferenceTransitHours(double transitDays, double rangeKm, double distanceKm) =>
        (transitDays * 24) + (Math.Max(0, distanceKm - rangeKm) / KmPerExtraDay * 24);

    /// <summary>Transit prior: median at the table's hours, 10% of parcels in a slower tail.</summary>
    public static HourDistribution Transit(double referenceHours, int maxHours = Convolution.DefaultMaxHours) =>
        Mixture(Math.Max(2, referenceHours), 0.35, 0.10, 1.8, 0.5, maxHours);

    /// <summary>Pick and pack prior: median <paramref name="medianHours"/> of work.</summary>
    public static HourDistribution Processing(double medianHours, int maxHours = Convolution.DefaultMaxHours) =>
        Mixture(Math.Max(0.5, medianHours), 0.6, 0.05, 3, 0.6, maxHours);

    /// <summary>(1 - tailShare) × LogNormal(median, sigma) + tailShare × LogNormal(median × tailFactor, tailSigma).</summary>
    public static HourDistribution Mixture(double median, double sigma, double tailShare, double tailFactor, double tailSigma, int maxHours)
    {
        var weights = new double[maxHours + 1];
        var body = Math.Log(median);
        var tail = Math.Log(median * tailFactor);
        var previous = 0.0;
        for (var h = 0; h <= maxHours; h++)
        {
            // Bin h holds durations in (h-1, h] (durations round up to the grid).
            var cdf = ((1 - tailShare) * LogNormalCdf(h, body, sigma)) + (tailShare * LogNormalCdf(h, tail, tailSigma));
            weights[h] = Math.Max(0, cdf - previous);
            previous = cdf;
            if (1 - cdf < 1e-7 && h > median)
            {
                // The far tail is negligible; it goes to the overflow (late, never early) and keeps composition short.
                break;
            }
        }

        return HourDistribution.FromWeights(weights, Math.Max(0, 1 - previous));
    }

    private static double LogNormalCdf(double x, double mu, double sigma) =>
        x <= 0 ? 0 : 0.5 * (1 + Erf((Math.Log(x) - mu) / (sigma * Math.Sqrt(2))));

    /// <summary>Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7, ample for a prior).</summary>
    private static double Erf(double x)
    {
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1 / (1 + (0.3275911 * x));
        var poly = ((((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t) - 0.284496736) * t) + 0.254829592) * t;
        var y = 1 - (poly * Math.Exp(-x * x));
        return sign * y;
    }
}
