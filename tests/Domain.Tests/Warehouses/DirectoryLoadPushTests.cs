using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Interfaces.Warehouses;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Domain.Tests.Warehouses;

/// <summary>
/// A warehouse pushes a change of load alone to the directory at most every 250 ms, and a change of status at once
/// (the fake clock drives the push timer).
/// </summary>
public sealed class DirectoryLoadPushTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));
    private DomainHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await DomainHarness.StartAsync(services => services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Load_changes_within_the_interval_reach_the_directory_in_one_later_push()
    {
        var warehouse = await ConfiguredAsync("WH-L1");

        await warehouse.AddAllocation("ORD-1", 1);
        await warehouse.AddAllocation("ORD-2", 2);
        Assert.Equal(0, (await ListedAsync("WH-L1")).BacklogUnits);

        _clock.Advance(TimeSpan.FromMilliseconds(300));
        await DirectoryShowsAsync("WH-L1", s => s.BacklogUnits == 3 && s.OpenAllocations == 2);
    }

    [Fact]
    public async Task A_status_change_reaches_the_directory_at_once_with_the_load()
    {
        var warehouse = await ConfiguredAsync("WH-L2");

        await warehouse.AddAllocation("ORD-1", 4);
        await warehouse.SetStatus(WarehouseStatus.Degraded, "conveyor down");

        await DirectoryShowsAsync("WH-L2", s => s.Status == WarehouseStatus.Degraded && s.BacklogUnits == 4);
    }

    private async Task<IWarehouseGrain> ConfiguredAsync(string id)
    {
        var warehouse = _harness.Grains.GetGrain<IWarehouseGrain>(id);
        await warehouse.Configure(new WarehouseProfile(id, id, "Shanghai", "CN", new GeoPoint(31.23, 121.47), 100, new TimeOnly(18, 0), "Asia/Shanghai",
            [new CarrierLane("SF Express", ShippingSpeed.Standard, 1, 1200, 12m, 2m, 0.0003)]));
        await DirectoryShowsAsync(id, _ => true);
        return warehouse;
    }

    private async Task<WarehouseSnapshot> ListedAsync(string id) =>
        (await _harness.Grains.GetGrain<IWarehouseDirectoryGrain>("all").List()).Single(s => s.Profile.WarehouseId == id);

    private async Task DirectoryShowsAsync(string id, Func<WarehouseSnapshot, bool> predicate)
    {
        var directory = _harness.Grains.GetGrain<IWarehouseDirectoryGrain>("all");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!(await directory.List()).Any(s => s.Profile.WarehouseId == id && predicate(s)))
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
