using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Interfaces.Warehouses;
using OrderGrains.Runtime.Persistence;

namespace OrderGrains.Domain.Tests.Warehouses;

/// <summary>
/// Outage events are checked in the store itself (the stream rows written with the warehouse state): that proves they
/// were committed with the status change, independently of who subscribes (the real order grain does).
/// </summary>
public sealed class WarehouseGrainTests : IAsyncLifetime
{
    private DomainHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await DomainHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Configure_refuses_an_invalid_profile_naming_the_field()
    {
        var warehouse = _harness.Grains.GetGrain<IWarehouseGrain>("WH-T1");

        var error = await Assert.ThrowsAsync<DomainException>(() => warehouse.Configure(Profile("WH-T1") with { DailyCapacityUnits = -1 }));
        var wrongKey = await Assert.ThrowsAsync<DomainException>(() => warehouse.Configure(Profile("WH-OTHER")));

        Assert.Equal("warehouse.invalid-profile", error.Code);
        Assert.Contains("DailyCapacityUnits", error.Message, StringComparison.Ordinal);
        Assert.Contains("WarehouseId", wrongKey.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allocation_is_idempotent_per_order_and_replaces_the_units()
    {
        var warehouse = await ConfiguredAsync("WH-T2", capacity: 10);

        await warehouse.AddAllocation("ORD-1", 4);
        await warehouse.AddAllocation("ORD-1", 4);
        var replaced = await warehouse.AddAllocation("ORD-1", 6);
        await warehouse.RemoveAllocation("ORD-404");

        Assert.Equal(6, replaced.BacklogUnits);
        Assert.Equal(1, replaced.OpenAllocations);
        Assert.Equal(0, (await warehouse.RemoveAllocation("ORD-1")).BacklogUnits);
    }

    [Fact]
    public async Task Allocation_is_refused_when_offline_or_over_capacity()
    {
        var warehouse = await ConfiguredAsync("WH-T3", capacity: 10);
        await warehouse.AddAllocation("ORD-1", 8);

        var over = await Assert.ThrowsAsync<DomainException>(() => warehouse.AddAllocation("ORD-2", 3));
        await warehouse.SetStatus(WarehouseStatus.Offline, "power cut");
        var offline = await Assert.ThrowsAsync<DomainException>(() => warehouse.AddAllocation("ORD-3", 1));
        await warehouse.SetStatus(WarehouseStatus.Degraded, "half the staff out");
        var degraded = await Assert.ThrowsAsync<DomainException>(() => warehouse.AddAllocation("ORD-3", 1));
        await warehouse.SetStatus(WarehouseStatus.Degraded, string.Empty);
        var soft = await warehouse.AddAllocation("ORD-3", 1);

        Assert.Equal("warehouse.over-capacity", over.Code);
        Assert.Equal("warehouse.offline", offline.Code);
        Assert.Equal("warehouse.degraded", degraded.Code);
        Assert.Equal(9, soft.BacklogUnits);
    }

    [Fact]
    public async Task Going_offline_publishes_one_outage_notice_with_the_status_change_and_lists_the_open_orders()
    {
        var warehouse = await ConfiguredAsync("WH-T4", capacity: 100);
        await warehouse.AddAllocation("ORD-A", 1);
        await warehouse.AddAllocation("ORD-B", 2);
        await warehouse.AddAllocation("ORD-C", 3);
        await warehouse.RemoveAllocation("ORD-C");

        var snapshot = await warehouse.SetStatus(WarehouseStatus.Offline, "flood");
        await warehouse.SetStatus(WarehouseStatus.Offline, "flood");

        Assert.Equal(WarehouseStatus.Offline, snapshot.Status);
        Assert.Equal(2, snapshot.OpenAllocations);
        var notice = Assert.Single(await OutagesAsync("WH-T4"));
        Assert.Equal(("WH-T4", WarehouseStatus.Offline, "flood"), (notice.WarehouseId, notice.Status, notice.Reason));
        Assert.Equal(["ORD-A", "ORD-B"], await warehouse.GetAllocatedOrders());
    }

    [Fact]
    public async Task Soft_degradation_notifies_nobody()
    {
        var warehouse = await ConfiguredAsync("WH-T5", capacity: 100);
        await warehouse.AddAllocation("ORD-S", 1);

        await warehouse.SetStatus(WarehouseStatus.Degraded, " ");

        Assert.Empty(await OutagesAsync("WH-T5"));
    }

    [Fact]
    public async Task Directory_converges_to_the_latest_snapshot()
    {
        var warehouse = await ConfiguredAsync("WH-T6", capacity: 100);
        for (var i = 0; i < 10; i++)
        {
            await warehouse.AddAllocation($"ORD-{i}", i + 1);
        }

        await warehouse.SetStatus(WarehouseStatus.Degraded, string.Empty);
        var latest = await warehouse.GetSnapshot();
        var directory = _harness.Grains.GetGrain<IWarehouseDirectoryGrain>("all");
        WarehouseSnapshot? seen = null;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            seen = (await directory.List()).SingleOrDefault(s => s.Profile.WarehouseId == "WH-T6");
            if (seen is not null && seen.BacklogUnits == latest.BacklogUnits && seen.Status == latest.Status)
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.NotNull(seen);
        Assert.Equal((55, 10, WarehouseStatus.Degraded), (seen.BacklogUnits, seen.OpenAllocations, seen.Status));

        // A stale versioned update does not move the warehouse back.
        await directory.Update(seen with { BacklogUnits = 0 }, 1);
        Assert.Equal(55, (await directory.List()).Single(s => s.Profile.WarehouseId == "WH-T6").BacklogUnits);
    }

    private static WarehouseProfile Profile(string id, int capacity = 100) =>
        new(id, id, "Shanghai", "CN", new GeoPoint(31.23, 121.47), capacity, new TimeOnly(18, 0), "Asia/Shanghai",
            [new CarrierLane("SF Express", ShippingSpeed.Standard, 1, 1200, 12m, 2m, 0.0003)]);

    private async Task<IWarehouseGrain> ConfiguredAsync(string id, int capacity)
    {
        var warehouse = _harness.Grains.GetGrain<IWarehouseGrain>(id);
        await warehouse.Configure(Profile(id, capacity));
        return warehouse;
    }

    private async Task<List<WarehouseOutage>> OutagesAsync(string warehouseId)
    {
        var store = _harness.Silo.Services.GetServices<RuntimeStoreRegistration>().First().Store;
        var rows = await store.ReadStreamAsync("events", new StreamId(WarehouseStreams.OutageNotices, warehouseId), 0, 100, CancellationToken.None);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        return [.. rows.Select(r => JsonSerializer.Deserialize<WarehouseOutage>(r.Payload, json)!)];
    }
}
