using OrderGrains.Interfaces.Promises;

namespace OrderGrains.Grains.Promises.Evaluation;

/// <summary>
/// Replays a history as production would live it: trains on deliveries that landed before each promise, promises
/// every order purchased from <c>trainUntil</c> on (in time order, learning online as deliveries land), and scores the
/// promises against what happened. The model is the production one (recency-weighted histograms, hierarchical
/// blend lane → destination + carrier → carrier → all, composition through the working calendar), with what a CSV
/// lacks replaced: the pick and pack time is not known (taken at its median), so the learned "transit" is everything
/// after the expected collection, and the prior is a generic two-day log-normal instead of a carrier table.
/// </summary>
public sealed class PromiseEvaluator(PromiseOptions options, WarehouseCalendar calendar)
{
    private static readonly double[] ReportedLevels = [0.5, 0.8, 0.9, 0.95];
    private readonly Dictionary<string, RecencyWeightedHistogram> _learned = new(StringComparer.Ordinal);
    private readonly HourDistribution _prior = StagePriors.Transit(48);
    // A CSV has no pick times: learning and promising both assume the median pick and pack, so the learned part
    // after the expected collection carries all the variation (the same assumption on both sides keeps it calibrated).
    private readonly HourDistribution _processing = HourDistribution.Point(HourDistribution.BinOf(options.PriorProcessingHours));

    public EvaluationReport Evaluate(IReadOnlyList<HistoricalShipment> history, DateTimeOffset trainUntil, int skipped = 0)
    {
        ArgumentNullException.ThrowIfNull(history);
        var events = new List<(DateTimeOffset At, int Kind, int Index)>(history.Count * 2);
        for (var i = 0; i < history.Count; i++)
        {
            events.Add((history[i].Delivered, 0, i));
            if (history[i].Purchase >= trainUntil)
            {
                events.Add((history[i].Purchase, 1, i));
            }
        }

        // Deliveries before promises at the same instant: what has landed is known.
        events.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Kind.CompareTo(b.Kind));
        var scores = new List<Score>();
        var trained = 0;
        foreach (var (_, kind, index) in events)
        {
            var shipment = history[index];
            if (kind == 0)
            {
                Learn(shipment);
                trained += shipment.Purchase < trainUntil ? 1 : 0;
            }
            else
            {
                scores.Add(Score.Of(shipment, Promise(shipment), calendar));
            }
        }

        return Summarize(history.Count + skipped, skipped, trained, scores);
    }

    /// <summary>The delivery-time distribution (hours from the hour after purchase) the model gives a shipment now.</summary>
    public (HourDistribution Total, DateTimeOffset Start) Promise(HistoricalShipment shipment)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        var start = PromiseCalculator.CeilHour(shipment.Purchase);
        var levels = new List<HierarchicalBlend.Level>(4);
        foreach (var (key, level) in Keys(shipment))
        {
            if (_learned.TryGetValue(key, out var histogram) && histogram.Total > 0)
            {
                var decayed = histogram.Total * RecencyWeightedHistogram.DecayFactor(histogram.DecayedTo, shipment.Purchase, options.HalfLife);
                levels.Add(new HierarchicalBlend.Level(level, histogram.ToArray(), decayed));
            }
        }

        var (transit, _, _) = HierarchicalBlend.Blend(_prior, levels, options.PriorStrength, options.MinObservations);
        return (PromiseComposer.Compose(start, calendar, HourDistribution.Point(0), _processing, transit), start);
    }

    private void Learn(HistoricalShipment shipment)
    {
        // What happened after the collection the model expected (pick and pack at its median).
        var ready = calendar.WorkTimeline(PromiseCalculator.CeilHour(shipment.Purchase), HourDistribution.BinOf(options.PriorProcessingHours))[^1];
        var handover = calendar.NextHandover(ready);
        var hours = Math.Max(0, (shipment.Delivered - handover).TotalHours);
        foreach (var (key, _) in Keys(shipment))
        {
            if (!_learned.TryGetValue(key, out var histogram))
            {
                _learned[key] = histogram = new RecencyWeightedHistogram(Convolution.DefaultMaxHours, options.HalfLife);
            }

            histogram.Record(hours, shipment.Delivered);
        }
    }

    private static IEnumerable<(string Key, FallbackLevel Level)> Keys(HistoricalShipment s)
    {
        yield return ($"{s.Origin}|{s.Destination}|{s.Carrier}", FallbackLevel.Lane);
        yield return ($"*|{s.Destination}|{s.Carrier}", FallbackLevel.RegionCarrier);
        yield return ($"*|*|{s.Carrier}", FallbackLevel.Carrier);

        // Everything pooled: the first thing a new lane of a new carrier learns from (the prior is generic here).
        yield return ("*|*|*", FallbackLevel.Carrier);
    }

    private static EvaluationReport Summarize(int rows, int skipped, int trained, List<Score> scores)
    {
        var coverage = ReportedLevels.ToDictionary(c => c, c => Share(scores, s => s.DeliveredBy(c)));
        var calibration = ReportedLevels.ToDictionary(c => c, c => Share(scores, s => s.WithinHours(c)));
        var slack = scores.Select(s => s.SlackDays(0.9)).Order().ToList();
        var late = LateDetect(scores);
        EstimateComparison? estimate = null;
        var withEstimate = scores.Where(s => s.EstimateSlackDays is not null).ToList();
        if (withEstimate.Count > 0)
        {
            var onTime = Share(withEstimate, s => s.EstimateSlackDays >= 0);
            var meanSlack = withEstimate.Average(s => s.EstimateSlackDays!.Value);
            var matched = Enumerable.Range(50, 50).Select(p => p / 100.0).FirstOrDefault(c => Share(withEstimate, s => s.DeliveredBy(c)) >= onTime, 0.99);
            estimate = new EstimateComparison(withEstimate.Count, onTime, meanSlack, matched, Share(withEstimate, s => s.DeliveredBy(matched)), withEstimate.Average(s => s.SlackDays(matched)));
        }

        return new EvaluationReport(
            rows,
            skipped,
            trained,
            scores.Count,
            coverage,
            calibration,
            slack.Count == 0 ? 0 : slack.Average(),
            slack.Count == 0 ? 0 : slack[slack.Count / 2],
            scores.Count == 0 ? 0 : scores.Average(s => Math.Abs(s.SlackDays(0.5))),
            late,
            estimate);
    }

    private static LateDetection LateDetect(List<Score> scores)
    {
        int check = 0, late = 0, flagged = 0, flaggedLate = 0;
        foreach (var s in scores)
        {
            if (s.HalfwayRisk is not { } risk)
            {
                continue; // delivered before the halfway check: nothing to detect
            }

            check++;
            var isLate = !s.DeliveredBy(0.9);
            var flag = risk < 0.85;
            late += isLate ? 1 : 0;
            flagged += flag ? 1 : 0;
            flaggedLate += isLate && flag ? 1 : 0;
        }

        return new LateDetection(check, late, flagged, flaggedLate, flagged == 0 ? 0 : (double)flaggedLate / flagged, late == 0 ? 0 : (double)flaggedLate / late);
    }

    private static double Share<T>(List<T> items, Func<T, bool> predicate) => items.Count == 0 ? 0 : (double)items.Count(predicate) / items.Count;

    /// <summary>One evaluated promise: the day and hour promised per confidence, against the actual delivery.</summary>
    private sealed class Score
    {
        private static readonly double[] Levels = [.. Enumerable.Range(50, 50).Select(p => p / 100.0)];
        private readonly Dictionary<double, (DateTimeOffset Day, double Hours)> _promised = [];
        private DateTimeOffset _delivered;
        private double _actualHours;

        public double? HalfwayRisk { get; private set; }

        public double? EstimateSlackDays { get; private set; }

        public static Score Of(HistoricalShipment shipment, (HourDistribution Total, DateTimeOffset Start) promise, WarehouseCalendar calendar)
        {
            var (total, start) = promise;
            var score = new Score { _delivered = shipment.Delivered, _actualHours = (shipment.Delivered - start).TotalHours };
            foreach (var c in Levels.Concat(ReportedLevels).Distinct())
            {
                var hours = total.Quantile(c) ?? total.Length;
                score._promised[c] = (calendar.EndOfDay(calendar.LocalDay(start.AddHours(hours))), hours);
            }

            // Halfway to the 90% date, if still undelivered: P(by the date | not yet delivered).
            var due = score._promised[0.9].Day;
            var halfway = start + ((due - start) / 2);
            if (shipment.Delivered > halfway)
            {
                var fDue = total.ProbabilityWithin((due - start).TotalHours);
                var fNow = total.ProbabilityWithin((halfway - start).TotalHours);
                score.HalfwayRisk = fNow >= 1 ? 0 : (fDue - fNow) / (1 - fNow);
            }

            if (shipment.Estimated is { } estimated)
            {
                var end = calendar.EndOfDay(calendar.LocalDay(estimated));
                score.EstimateSlackDays = (end - shipment.Delivered).TotalDays;
            }

            return score;
        }

        public bool DeliveredBy(double confidence) => _delivered <= _promised[confidence].Day;

        public bool WithinHours(double confidence) => _actualHours <= _promised[confidence].Hours;

        public double SlackDays(double confidence) => (_promised[confidence].Day - _delivered).TotalDays;
    }
}
