using OrderGrains.Grains.DemoData;
using OrderGrains.Interfaces.Warehouses;
using OrderGrains.Runtime;

namespace OrderGrains.Silo;

/// <summary>
/// Loads the demo network (warehouses, carriers, 1,000 SKUs with stock, customers) once the silo is up, if the
/// storage holds no warehouse yet. The loader is idempotent, so an interrupted load finishes on the next start.
/// </summary>
internal sealed partial class DemoDataSeeder(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<DemoDataSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        var network = DemoNetworkGenerator.Generate();
        var known = await grains.GetGrain<IWarehouseDirectoryGrain>("all").List();
        if (known.Count >= network.Warehouses.Count)
        {
            AlreadyLoaded(logger, known.Count);
            return;
        }

        Loading(logger, network.Warehouses.Count, network.Skus.Count, network.Customers.Count);
        try
        {
            await DemoDataLoader.LoadAsync(grains, network, stoppingToken);
            Loaded(logger);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(3010, LogLevel.Information, "Loading demo data: {Warehouses} warehouses, {Skus} SKUs, {Customers} customers")]
    private static partial void Loading(ILogger logger, int warehouses, int skus, int customers);

    [LoggerMessage(3011, LogLevel.Information, "Demo data loaded")]
    private static partial void Loaded(ILogger logger);

    [LoggerMessage(3012, LogLevel.Information, "Demo data already present ({Warehouses} warehouses)")]
    private static partial void AlreadyLoaded(ILogger logger, int warehouses);
}
