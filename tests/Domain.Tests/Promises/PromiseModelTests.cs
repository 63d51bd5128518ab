using OrderGrains.Grains.Promises;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Warehouses;
using OrderGrains.Domain.Tests.Orders;

namespace OrderGrains.Domain.Tests.Promises;

public sealed class PromiseModelTests
{
    // A Saturday, 10:00 in Shanghai.
    private static readonly DateTimeOffset Saturday = new(2026, 2, 28, 2, 0, 0, TimeSpan.Zero);

    private static WarehouseSnapshot Warehouse(int backlog = 0, int capacity = 1000) =>
        new(TestNetwork.Warehouse("WH-SH", "Shanghai", TestNetwork.Shanghai, capacity), WarehouseStatus.Online, null, backlog, 0);

    private static PromiseCalculator Calculator(PromiseOptions? options = null)
    {
        var o = (options ?? PromiseOptions.Default).Validate();
        return new PromiseCalculator(o, new PromiseCache(o));
    }

    private static readonly Address Beijing = TestNetwork.AddressIn(TestNetwork.Beijing, "Beijing");

    [Fact]
    public void Probability_of_delivery_by_a_date_never_decreases_as_the_date_moves_later()
    {
        var promise = Calculator().Promise(Saturday, Warehouse(backlog: 400), Beijing, "SF Express", ShippingSpeed.Standard, 0.9, 0, [], []);

        var previous = 0.0;
        for (var hours = -5; hours < 24 * 30; hours++)
        {
            var p = promise.ProbabilityBy(Saturday.AddHours(hours));
            Assert.True(p >= previous, $"P(by +{hours} h) = {p} < {previous}");
            previous = p;
        }

        Assert.True(previous > 0.999);
        Assert.True(promise.Probability >= 0.9);
        Assert.True(promise.ProbabilityBy(promise.PromisedBy.AddDays(-1)) < 0.9, "the promised day is the first one reaching the confidence");
    }

    [Fact]
    public void A_lane_s_keys_are_built_once_most_specific_first_with_their_grain_keys()
    {
        var calculator = Calculator();

        var keys = calculator.KeysFor("WH-SH", Beijing, "SF Express", ShippingSpeed.Express);

        Assert.Same(keys, calculator.KeysFor("WH-SH", Beijing, "SF Express", ShippingSpeed.Express));
        Assert.NotSame(keys, calculator.KeysFor("WH-SH", Beijing, "SF Express", ShippingSpeed.Standard));
        Assert.Equal(
            ["transit|WH-SH|Beijing|SF Express|Express", "transit|*|Beijing|SF Express|Express", "transit|*|*|SF Express|Express"],
            keys.TransitNames);
        Assert.Equal(["processing|WH-SH|*|*|Standard", "processing|*|*|*|Standard"], keys.ProcessingNames);
        Assert.Equal(keys.TransitNames[0], keys.Lane);
    }

    [Fact]
    public void The_text_form_gives_the_whole_percentage_rounded_down_and_the_day()
    {
        Assert.Equal("92% chance by Sat 28 Feb", PromiseText.Format(0.9299, new DateOnly(2026, 2, 28)));
        Assert.Equal("99% chance by Mon 2 Mar", PromiseText.Format(0.99999, new DateOnly(2026, 3, 2)));
    }

    [Fact]
    public void A_parcel_ready_after_the_saturday_cut_off_waits_for_monday_when_sunday_is_closed()
    {
        var calendar = Calculator().CalendarFor(TestNetwork.Warehouse("WH-SH", "Shanghai", TestNetwork.Shanghai));
        var saturdayEvening = calendar.At(new DateOnly(2026, 2, 28), new TimeOnly(19, 0));

        var collected = calendar.NextHandover(saturdayEvening);

        Assert.Equal(calendar.At(new DateOnly(2026, 3, 2), new TimeOnly(18, 0)), collected);
    }

    [Fact]
    public void A_longer_backlog_makes_the_same_date_less_likely()
    {
        var calculator = Calculator();
        var idle = calculator.Promise(Saturday, Warehouse(backlog: 0), Beijing, "SF Express", ShippingSpeed.Standard, 0.9, 0, [], []);
        var busy = calculator.Promise(Saturday, Warehouse(backlog: 3000), Beijing, "SF Express", ShippingSpeed.Standard, 0.9, 0, [], []);

        Assert.True(busy.ProbabilityBy(idle.PromisedBy) < idle.ProbabilityBy(idle.PromisedBy) - 0.3);
        Assert.True(busy.PromisedBy > idle.PromisedBy);
    }

    [Fact]
    public void A_new_lane_promises_from_reference_data_then_from_what_it_learned()
    {
        var calculator = Calculator();
        var lane = StageKey.Transit("WH-SH", "Beijing", "SF Express", ShippingSpeed.Standard);
        var prior = calculator.Promise(Saturday, Warehouse(), Beijing, "SF Express", ShippingSpeed.Standard, 0.9, 0, [], []);

        // The lane turns out much slower than the carrier's table: about 4 days after collection.
        var learned = Learned(lane.ToString(), count: 300, hours: 96, Saturday);
        var after = calculator.Promise(Saturday, Warehouse(), Beijing, "SF Express", ShippingSpeed.Standard, 0.9, 0, [learned], []);

        Assert.Equal(FallbackLevel.Prior, prior.Basis.TransitLevel);
        Assert.Equal(0, prior.Basis.TransitObservations);
        Assert.Equal(FallbackLevel.Lane, after.Basis.TransitLevel);
        Assert.Equal(300, after.Basis.TransitObservations, 0);
        Assert.True(after.MedianHours > prior.MedianHours + 36, $"median {after.MedianHours} h after learning vs {prior.MedianHours} h before");
    }

    [Fact]
    public void An_unseen_lane_rests_on_its_region_and_carrier()
    {
        var calculator = Calculator();
        var lane = StageKey.Transit("WH-SH", "Beijing", "SF Express", ShippingSpeed.Standard);
        var region = lane.WithFallbacks()[1];
        var regionData = Learned(region.ToString(), count: 200, hours: 100, Saturday);

        var promise = calculator.Promise(Saturday, Warehouse(), Beijing, "SF Express", ShippingSpeed.Standard, 0.9, 0, [null, regionData, null], []);
        var prior = calculator.Promise(Saturday, Warehouse(), Beijing, "SF Express", ShippingSpeed.Standard, 0.9, 0, [], []);

        Assert.Equal(FallbackLevel.RegionCarrier, promise.Basis.TransitLevel);
        Assert.Equal("*", region.Origin);
        Assert.True(promise.MedianHours > prior.MedianHours + 36);
    }

    [Fact]
    public void Older_outcomes_weigh_less_than_recent_ones()
    {
        var histogram = new RecencyWeightedHistogram(100, TimeSpan.FromDays(30));
        histogram.Record(10, Saturday);
        histogram.Record(50, Saturday.AddDays(30));

        Assert.Equal(0.5, histogram.Weights[10], 9);
        Assert.Equal(1, histogram.Weights[50], 9);
    }

    private static StageDistribution Learned(string key, int count, double hours, DateTimeOffset at)
    {
        var histogram = new RecencyWeightedHistogram(Convolution.DefaultMaxHours, TimeSpan.FromDays(30));
        var random = new Random(5);
        for (var i = 0; i < count; i++)
        {
            histogram.Record(hours * (0.9 + (0.2 * random.NextDouble())), at);
        }

        return new StageDistribution(key, histogram.ToArray(), histogram.Total, count, count, at);
    }
}
