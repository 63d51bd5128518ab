using System.Diagnostics.Metrics;
using OrderGrains.Runtime.Diagnostics;
using OrderGrains.Runtime.Storage.AdoNet;
using OrderGrains.Runtime.Storage;
using OrderGrains.Runtime.Testing;
using OrderGrains.Runtime.Tests.Grains;

namespace OrderGrains.Runtime.Tests.Persistence;

/// <summary>Grain persistence behaviour, written once and run on every storage provider.</summary>
public abstract class GrainPersistenceContractTests : IAsyncLifetime
{
    private SiloHarness _harness = null!;

    protected abstract Task<(string Provider, string ConnectionString)> CreateStorageAsync();

    public async Task InitializeAsync() => _harness = await SiloHarness.StartAsync(storage: await CreateStorageAsync());

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task State_written_before_a_restart_is_read_after_it()
    {
        var counter = _harness.Grains.GetGrain<ICounterGrain>("c1");
        Assert.False(await counter.RecordExists());
        Assert.Null(await counter.GetEtag());
        await counter.Increment();
        Assert.Equal(2, await counter.Increment());
        var etag = await counter.GetEtag();

        await _harness.RestartAsync();

        counter = _harness.Grains.GetGrain<ICounterGrain>("c1");
        Assert.Equal(2, await counter.Get());
        Assert.True(await counter.RecordExists());
        Assert.Equal(etag, await counter.GetEtag());
    }

    [Fact]
    public async Task Write_with_a_stale_etag_fails_with_InconsistentStateException_and_the_next_call_sees_the_stored_state()
    {
        var counter = _harness.Grains.GetGrain<ICounterGrain>("c2");
        await counter.Increment();

        // Another writer (e.g. a zombie activation elsewhere) changes the stored row behind this activation's back.
        await using (var store = RuntimeStoreFactory.Create("other", _harness.Provider, _harness.ConnectionString))
        {
            var stored = await store.ReadStateAsync(counter.GetGrainId(), "counter", CancellationToken.None);
            var write = new StoreWrite
            {
                GrainId = counter.GetGrainId(),
                StateName = "counter",
                Kind = StoreWriteKind.Upsert,
                Payload = """{"value":41}"""u8.ToArray(),
                ExpectedVersion = stored!.Version,
            };
            await store.WriteAsync([write], CancellationToken.None);
            Assert.Equal(StoreWriteOutcome.Committed, write.Outcome);
        }

        await Assert.ThrowsAsync<InconsistentStateException>(() => counter.Increment());

        // The conflicting activation was deactivated; the next one reads the other writer's state.
        Assert.Equal(42, await RetryUntil(() => counter.Increment(), v => v == 42));
    }

    [Fact]
    public async Task Cleared_state_is_gone_after_a_restart_and_can_be_written_again()
    {
        var counter = _harness.Grains.GetGrain<ICounterGrain>("c3");
        await counter.Increment();
        await counter.Clear();
        Assert.Equal(0, await counter.Get());
        Assert.False(await counter.RecordExists());

        await _harness.RestartAsync();
        counter = _harness.Grains.GetGrain<ICounterGrain>("c3");
        Assert.Equal(0, await counter.Get());
        Assert.False(await counter.RecordExists());
        Assert.Equal(1, await counter.Increment());
    }

    [Fact]
    public async Task Concurrent_writes_to_one_grain_share_transactions_and_every_acknowledged_write_is_durable()
    {
        var transactions = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RuntimeInstruments.MeterName && instrument.Name == "ordergrains.storage.write.batch_size")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref transactions));
        listener.Start();

        var hot = _harness.Grains.GetGrain<IHotCounterGrain>("hot");
        var acknowledged = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => hot.Add()));
        Assert.Equal(Enumerable.Range(1, 300), acknowledged.Order());
        Assert.True(transactions < 300, $"300 writes took {transactions} transactions: no group commit");

        await _harness.RestartAsync();
        Assert.Equal(300, await _harness.Grains.GetGrain<IHotCounterGrain>("hot").Get());
    }

    [Fact]
    public async Task Graceful_shutdown_flushes_state_written_in_OnDeactivateAsync()
    {
        var buffered = _harness.Grains.GetGrain<IBufferedCounterGrain>("b");
        await buffered.Add(5);
        await buffered.Add(2);

        await _harness.RestartAsync();
        Assert.Equal(7, await _harness.Grains.GetGrain<IBufferedCounterGrain>("b").Get());
    }

    [Fact]
    public async Task Many_grains_write_concurrently_without_losing_an_acknowledged_write()
    {
        var grains = Enumerable.Range(0, 100).Select(i => _harness.Grains.GetGrain<ICounterGrain>($"many-{i}")).ToList();
        await Task.WhenAll(grains.Select(async g =>
        {
            for (var i = 0; i < 5; i++)
            {
                await g.Increment();
            }
        }));

        await _harness.RestartAsync();
        var values = await Task.WhenAll(grains.Select(g => _harness.Grains.GetGrain<ICounterGrain>(g.GetPrimaryKeyString()).Get()));
        Assert.All(values, v => Assert.Equal(5, v));
    }

    private static async Task<int> RetryUntil(Func<Task<int>> call, Func<int, bool> done)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var value = await call();
                if (done(value) || attempt > 20)
                {
                    return value;
                }
            }
            catch (InconsistentStateException) when (attempt < 20)
            {
            }
        }
    }
}

public sealed class SqliteGrainPersistenceTests : GrainPersistenceContractTests, IDisposable
{
    private readonly TestDirectory _directory = TestDirectory.Create();

    protected override Task<(string Provider, string ConnectionString)> CreateStorageAsync() =>
        Task.FromResult(("Sqlite", _directory.SqliteConnectionString("state.db")));

    public void Dispose() => _directory.Dispose();
}

[Collection(Storage.PostgresCollection.Name)]
public sealed class PostgreSqlGrainPersistenceTests(Storage.PostgresFixture postgres) : GrainPersistenceContractTests
{
    protected override async Task<(string Provider, string ConnectionString)> CreateStorageAsync() =>
        ("PostgreSql", await postgres.Server.CreateDatabaseAsync());
}
