using OrderGrains.Grains.Promises;
using OrderGrains.Grains.Promises.Evaluation;

namespace OrderGrains.Domain.Tests.Promises;

public sealed class CalibrationTests
{
    [Fact]
    public void Promises_on_synthetic_history_are_kept_about_as_often_as_their_confidence_says()
    {
        var history = SyntheticHistory.Generate(6000, seed: 11, days: 120);
        var options = PromiseOptions.Default.Validate();
        var calendar = new WarehouseCalendar(
            TimeZoneInfo.CreateCustomTimeZone("UTC+08", SyntheticHistory.Offset, "UTC+08", "UTC+08"),
            options.ShiftStart, options.ShiftEnd, SyntheticHistory.CutOff, [DayOfWeek.Sunday], []);

        var report = new PromiseEvaluator(options, calendar).Evaluate(history, new DateTimeOffset(2025, 3, 1, 0, 0, 0, SyntheticHistory.Offset));

        Assert.True(report.Evaluated > 1000);
        foreach (var (confidence, kept) in report.Calibration)
        {
            Assert.True(Math.Abs(kept - confidence) <= 0.05, $"promised at {confidence:P0}, kept {kept:P1}");
        }

        // Whole-day dates round up: kept at least as often as the confidence, and not absurdly more.
        Assert.InRange(report.Coverage[0.9], 0.88, 0.99);
        Assert.True(report.MeanSlackDays is > 0 and < 3, $"mean slack {report.MeanSlackDays} days");
    }
}
