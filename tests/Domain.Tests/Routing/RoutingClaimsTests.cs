using OrderGrains.Grains.Routing;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Routing;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Domain.Tests.Routing;

public sealed class RoutingClaimsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);

    [Fact]
    public void Units_routed_after_a_view_entry_count_against_it()
    {
        var claims = new RoutingClaims(_clock);
        _clock.Advance(TimeSpan.FromSeconds(1));
        claims.Claim(Plan(("SKU-A", "WH-A", 2), ("SKU-A", "WH-B", 1)));
        claims.Claim(Plan(("SKU-A", "WH-A", 1)));

        var view = claims.Apply("SKU-A", [Entry("WH-A", 5, Start), Entry("WH-B", 4, Start), Entry("WH-C", 4, Start)]);

        Assert.Equal([2, 3, 4], view.Select(e => e.Available));
    }

    [Fact]
    public void A_view_entry_newer_than_a_claim_already_shows_it_and_the_list_is_returned_as_is()
    {
        var claims = new RoutingClaims(_clock);
        claims.Claim(Plan(("SKU-A", "WH-A", 2)));
        IReadOnlyList<SkuAvailability> fresh = [Entry("WH-A", 3, Start.AddMilliseconds(1))];

        Assert.Same(fresh, claims.Apply("SKU-A", fresh));
    }

    [Fact]
    public void Claims_count_for_other_skus_and_slots_only_where_they_were_made()
    {
        var claims = new RoutingClaims(_clock);
        claims.Claim(Plan(("SKU-A", "WH-A", 2)));
        IReadOnlyList<SkuAvailability> other = [Entry("WH-A", 3, Start.AddSeconds(-1))];

        Assert.Same(other, claims.Apply("SKU-B", other));
    }

    [Fact]
    public void Claims_stop_counting_after_the_horizon()
    {
        var claims = new RoutingClaims(_clock);
        claims.Claim(Plan(("SKU-A", "WH-A", 2)));
        IReadOnlyList<SkuAvailability> stale = [Entry("WH-A", 3, Start.AddMinutes(-1))];

        _clock.Advance(RoutingClaims.Horizon - TimeSpan.FromSeconds(1));
        var within = claims.Apply("SKU-A", stale);
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(1, Assert.Single(within).Available);
        Assert.Same(stale, claims.Apply("SKU-A", stale));
    }

    [Fact]
    public void More_claimed_than_available_leaves_none_never_less()
    {
        var claims = new RoutingClaims(_clock);
        claims.Claim(Plan(("SKU-A", "WH-A", 7)));

        var view = claims.Apply("SKU-A", [Entry("WH-A", 3, Start.AddSeconds(-1))]);

        Assert.Equal(0, Assert.Single(view).Available);
    }

    [Fact]
    public void Old_claims_are_dropped_as_new_ones_come_and_the_sums_stay_right()
    {
        var claims = new RoutingClaims(_clock);
        for (var i = 0; i < 1_500; i++)
        {
            claims.Claim(Plan(("SKU-A", "WH-A", 1)));
            _clock.Advance(TimeSpan.FromMilliseconds(20));
        }

        // 1,500 claims over 30 s, one every 20 ms (most of them dropped on the way): those after the entry count, 99.
        var view = claims.Apply("SKU-A", [Entry("WH-A", 1_000, _clock.GetUtcNow().AddSeconds(-2))]);

        Assert.Equal(1_000 - 99, Assert.Single(view).Available);
    }

    [Fact]
    public void Slots_whose_claims_all_expired_are_dropped_as_new_claims_come()
    {
        var claims = new RoutingClaims(_clock);
        for (var i = 0; i < 100; i++)
        {
            claims.Claim(Plan(($"SKU-{i}", "WH-A", 1)));
        }

        _clock.Advance(RoutingClaims.Horizon + TimeSpan.FromSeconds(1));
        for (var i = 0; i < 4_096; i++)
        {
            claims.Claim(Plan(("SKU-HOT", "WH-A", 1)));
        }

        Assert.Equal(1, claims.TrackedSlots);
        Assert.Equal(5_000 - 4_096, Assert.Single(claims.Apply("SKU-HOT", [Entry("WH-A", 5_000, Start)])).Available);
    }

    private static SkuAvailability Entry(string warehouseId, int available, DateTimeOffset at) => new(warehouseId, available, available, null, at);

    private static RoutingDecision Plan(params (string Sku, string WarehouseId, int Units)[] lines) => new(
        true,
        [.. lines.GroupBy(l => l.WarehouseId).Select(g => new ShipmentPlan(
            g.Key, [.. g.Select((l, i) => new AllocatedLine($"L{i + 1}", l.Sku, l.Units))], "SF Express", ShippingSpeed.Standard, 24, 12m, 100, 1))],
        0,
        true,
        [],
        null,
        null,
        []);
}
