using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Runtime.Persistence;
using OrderGrains.Runtime.Storage.AdoNet;
using OrderGrains.Runtime.Testing;
using OrderGrains.Runtime.Tests.Grains;
using OrderGrains.Runtime.Tests.Persistence;

namespace OrderGrains.Runtime.Tests.Cluster;

/// <summary>
/// The durability barrier on answers that leave a silo: a grain on silo B that writes behind answers a grain on silo A
/// only once its write is durable, so a failed write there fails the call instead of answering it.
/// </summary>
public sealed class RemoteWriteBehindTests : IAsyncLifetime
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private readonly TestDirectory _directory = TestDirectory.Create();
    private readonly List<TestSilo> _silos = [];
    private readonly List<ControllableRuntimeStore> _stores = [];

    public async Task InitializeAsync()
    {
        string[] members = [$"silo-a=127.0.0.1:{TestPorts.GetFree()}", $"silo-b=127.0.0.1:{TestPorts.GetFree()}"];
        foreach (var name in new[] { "silo-a", "silo-b" })
        {
            var store = new ControllableRuntimeStore(AdoNetRuntimeStore.CreateSqlite(StorageNames.Default, _directory.SqliteConnectionString($"{name}.db")));
            _stores.Add(store);
            _silos.Add(await TestSilo.StartAsync(
                silo =>
                {
                    silo.Services.AddSingleton(new RuntimeStoreRegistration(store));
                    silo.Configure(o => o.SiloName = name)
                        .AddStaticCluster(o =>
                        {
                            o.SiloName = name;
                            o.Partitions = 16;
                            foreach (var member in members)
                            {
                                o.Silos.Add(member);
                            }
                        });
                },
                services => services.AddSingleton(new Probe())));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            store.ReleaseAll();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_remote_grains_answer_to_a_grain_waits_until_its_write_behind_is_durable()
    {
        var (caller, callee) = (KeyOn(0, "a"), KeyOn(1, "b"));
        var storeB = _stores[1];

        storeB.HoldWrites = true;
        var call = _silos[0].GrainFactory.GetGrain<IEntryBookGrain>(caller).SetHereThen("x", 3, callee);
        var held = await storeB.NextHeldAsync();
        Assert.Equal([$"{callee}/book"], held.Writes);
        Assert.False(call.IsCompleted);
        held.Release();

        Assert.Equal(1, await call.WaitAsync(CallTimeout));
        var stored = await storeB.ReadStateAsync(_silos[1].GrainFactory.GetGrain<IEntryBookGrain>(callee).GetGrainId(), "book", CancellationToken.None);
        Assert.Equal(["lines/x"], stored!.Entries.Select(e => e.Key));
    }

    [Fact]
    public async Task A_remote_grains_failed_write_behind_fails_the_call_that_it_answered()
    {
        var (caller, callee) = (KeyOn(0, "fa"), KeyOn(1, "fb"));
        var storeB = _stores[1];

        storeB.HoldWrites = true;
        var call = _silos[0].GrainFactory.GetGrain<IEntryBookGrain>(caller).SetHereThen("x", 3, callee);
        (await storeB.NextHeldAsync()).Fail();
        storeB.HoldWrites = false;

        var error = await Assert.ThrowsAsync<RemoteGrainException>(() => call.WaitAsync(CallTimeout));
        Assert.Equal(typeof(StorageUnavailableException).FullName, error.RemoteType);
        Assert.Empty(await _silos[0].GrainFactory.GetGrain<IEntryBookGrain>(callee).List());
    }

    /// <summary>A key of an entry book grain that lives on silo <paramref name="silo"/>.</summary>
    private string KeyOn(int silo, string prefix)
    {
        var cluster = _silos[silo].Services.GetRequiredService<SiloRuntime>().Cluster!;
        return Enumerable.Range(0, 1000).Select(i => $"{prefix}-{i}")
            .First(key => cluster.IsLocal(_silos[silo].GrainFactory.GetGrain<IEntryBookGrain>(key).GetGrainId()));
    }
}
