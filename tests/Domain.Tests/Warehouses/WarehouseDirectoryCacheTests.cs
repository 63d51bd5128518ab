using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Grains.Warehouses;
using OrderGrains.Interfaces.Warehouses;
using OrderGrains.Runtime.Testing;
using static OrderGrains.Domain.Tests.Orders.TestNetwork;

namespace OrderGrains.Domain.Tests.Warehouses;

/// <summary>The silo's copy of the directory that routing and promises read: at most a second old, refreshed behind.</summary>
public sealed class WarehouseDirectoryCacheTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));
    private DomainHarness _harness = null!;

    private WarehouseDirectoryCache Cache => _harness.Silo.Services.GetRequiredService<WarehouseDirectoryCache>();

    public async Task InitializeAsync()
    {
        _harness = await DomainHarness.StartAsync(services => services.AddSingleton<TimeProvider>(_clock));
        await ConfigureAsync(_harness.Grains, ("WH-SH", "Shanghai", Shanghai));
        await DirectoryShowsAsync(WarehouseStatus.Online);
        Assert.Equal(WarehouseStatus.Online, Assert.Single(await Cache.ListAsync()).Status);
        await _harness.Grains.GetGrain<IWarehouseGrain>("WH-SH").SetStatus(WarehouseStatus.Offline, "flooded");
        await DirectoryShowsAsync(WarehouseStatus.Offline);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Under_half_a_second_old_the_list_is_served_as_is()
    {
        _clock.Advance(TimeSpan.FromMilliseconds(400));

        Assert.Equal(WarehouseStatus.Online, Assert.Single(await Cache.ListAsync()).Status);
        Assert.Equal(WarehouseStatus.Online, (await Cache.GetAsync("WH-SH")).Status);
    }

    [Fact]
    public async Task Past_half_a_second_the_list_is_served_at_once_and_refreshed_behind()
    {
        _clock.Advance(TimeSpan.FromMilliseconds(600));

        Assert.Equal(WarehouseStatus.Online, Assert.Single(await Cache.ListAsync()).Status);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Assert.Single(await Cache.ListAsync()).Status != WarehouseStatus.Offline)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    [Fact]
    public async Task Past_a_second_a_caller_waits_for_the_directory()
    {
        _clock.Advance(TimeSpan.FromMilliseconds(1_100));

        Assert.Equal(WarehouseStatus.Offline, Assert.Single(await Cache.ListAsync()).Status);
    }

    [Fact]
    public async Task A_warehouse_the_list_does_not_know_is_looked_up_at_once()
    {
        await ConfigureAsync(_harness.Grains, ("WH-BJ", "Beijing", Beijing));

        Assert.Equal("WH-BJ", (await Cache.GetAsync("WH-BJ")).Profile.WarehouseId);
    }

    private async Task DirectoryShowsAsync(WarehouseStatus status)
    {
        var directory = _harness.Grains.GetGrain<IWarehouseDirectoryGrain>(WarehouseDirectoryGrain.Key);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!(await directory.List()).Any(w => w.Profile.WarehouseId == "WH-SH" && w.Status == status))
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
