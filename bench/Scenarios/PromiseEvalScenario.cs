using System.Globalization;
using OrderGrains.Bench.Harness;
using OrderGrains.Bench.Promises;
using OrderGrains.Grains.Promises;
using OrderGrains.Grains.Promises.Evaluation;

namespace OrderGrains.Bench.Scenarios;

/// <summary>
/// Evaluates delivery promises on a history: <c>--csv FILE --columns purchase=..,delivered=..,origin=..,destination=..[,estimated=..,carrier=..]
/// --train-until DATE</c>, or <c>--synthetic N</c> (the fixed-seed generator, written to a CSV first and read back
/// like any file). Value: share delivered by the date promised at 90%; baseline: the file's own estimated dates'
/// on-time rate (null without them).
/// </summary>
public sealed class PromiseEvalScenario(BenchArgs args) : IScenario
{
    public const string Name = "promise-eval";

    private readonly string? _csv = args.GetString("csv");
    private readonly string? _columns = args.GetString("columns");
    private readonly string? _trainUntil = args.GetString("train-until");
    private readonly int _synthetic = args.GetInt("synthetic", 0, min: 0);
    private readonly int _seed = args.GetInt("seed", 7, min: 0);
    private readonly string _cutOff = args.GetString("cutoff") ?? "16:00";
    private readonly double _offsetHours = args.GetDouble("utc-offset", 8, min: -12, max: 14);

    public Task<ScenarioResult> RunAsync()
    {
        var offset = TimeSpan.FromHours(_offsetHours);
        string path;
        Dictionary<string, string> columns;
        DateTimeOffset trainUntil;
        if (_synthetic > 0)
        {
            path = Path.Combine(Path.GetTempPath(), $"promise-eval-synthetic-{_synthetic}-{_seed}.csv");
            var history = SyntheticHistory.Generate(_synthetic, _seed);
            using (var writer = new StreamWriter(path))
            {
                SyntheticHistory.WriteCsv(history, writer);
            }

            columns = Columns("purchase=order_purchase_timestamp,delivered=order_delivered_customer_date,origin=seller_city,destination=customer_state,carrier=carrier,estimated=order_estimated_delivery_date");
            trainUntil = _trainUntil is null ? new DateTimeOffset(2025, 7, 1, 0, 0, 0, offset) : Date(_trainUntil, offset);
            ResultWriter.Progress($"{Name}: synthetic history of {_synthetic:N0} orders (seed {_seed}) written to {path}");
        }
        else
        {
            path = _csv ?? throw new BenchArgumentException("promise-eval needs --csv FILE (or --synthetic N).");
            columns = Columns(_columns ?? throw new BenchArgumentException("promise-eval needs --columns purchase=..,delivered=..,origin=..,destination=.."));
            trainUntil = Date(_trainUntil ?? throw new BenchArgumentException("promise-eval needs --train-until DATE."), offset);
        }

        var (rows, skipped) = HistoryCsv.Read(path, columns, offset);
        ResultWriter.Progress($"{Name}: {rows.Count:N0} rows, {skipped:N0} skipped; training until {trainUntil:yyyy-MM-dd}");
        var options = PromiseOptions.Default.Validate();
        var zone = TimeZoneInfo.CreateCustomTimeZone(string.Create(CultureInfo.InvariantCulture, $"UTC{offset.TotalHours:+0.##;-0.##;+0}"), offset, "history", "history");
        var cutOff = TimeOnly.TryParse(_cutOff, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new BenchArgumentException($"--cutoff: '{_cutOff}' is not a time of day (HH:mm).");
        var calendar = new WarehouseCalendar(zone, options.ShiftStart, options.ShiftEnd, cutOff, [DayOfWeek.Sunday], []);
        var report = new PromiseEvaluator(options, calendar).Evaluate(rows, trainUntil, skipped);

        var json = ResultWriter.Create(Name, report.Coverage[0.9], "share on time (90% promises)", report.Estimate?.OnTimeRate);
        json["rows"] = report.Rows;
        json["skipped"] = report.Skipped;
        json["trained"] = report.Trained;
        json["evaluated"] = report.Evaluated;
        foreach (var (c, v) in report.Coverage)
        {
            json[$"coverage_{c * 100:0}"] = ResultWriter.Round(v, 4);
        }

        foreach (var (c, v) in report.Calibration)
        {
            json[$"hour_calibration_{c * 100:0}"] = ResultWriter.Round(v, 4);
        }

        json["mean_slack_days_90"] = ResultWriter.Round(report.MeanSlackDays, 3);
        json["median_slack_days_90"] = ResultWriter.Round(report.MedianSlackDays, 3);
        json["mae_days_median"] = ResultWriter.Round(report.MeanAbsoluteErrorDays, 3);
        json["late_checked"] = report.Late.Checked;
        json["late"] = report.Late.Late;
        json["late_flagged"] = report.Late.Flagged;
        json["late_precision"] = ResultWriter.Round(report.Late.Precision, 4);
        json["late_recall"] = ResultWriter.Round(report.Late.Recall, 4);
        if (report.Estimate is { } estimate)
        {
            json["estimate_rows"] = estimate.Rows;
            json["estimate_on_time"] = ResultWriter.Round(estimate.OnTimeRate, 4);
            json["estimate_mean_slack_days"] = ResultWriter.Round(estimate.MeanSlackDays, 3);
            json["ours_at_equal_on_time_confidence"] = estimate.MatchedConfidence;
            json["ours_at_equal_on_time_rate"] = ResultWriter.Round(estimate.OurOnTimeRate, 4);
            json["ours_at_equal_on_time_mean_slack_days"] = ResultWriter.Round(estimate.OurMeanSlackDays, 3);
        }

        return Task.FromResult(report.Evaluated > 0
            ? new ScenarioResult(json)
            : new ScenarioResult(json, Valid: false, Problem: "no order was purchased after --train-until: nothing to evaluate."));
    }

    private static DateTimeOffset Date(string text, TimeSpan offset) =>
        HistoryCsv.TryParse(text, offset, out var value) ? value : throw new BenchArgumentException($"--train-until: '{text}' is not a date.");

    private static Dictionary<string, string> Columns(string text)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[1].Length == 0 || parts[0] is not ("purchase" or "delivered" or "origin" or "destination" or "estimated" or "carrier"))
            {
                throw new BenchArgumentException($"--columns: '{pair}' is not role=column (roles: purchase, delivered, origin, destination, estimated, carrier).");
            }

            map[parts[0]] = parts[1];
        }

        return map;
    }
}
