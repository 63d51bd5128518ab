using System.Text;
using OrderGrains.Runtime.Placement;
using OrderGrains.Runtime.Storage;
using OrderGrains.Runtime.Storage.AdoNet;
using OrderGrains.Runtime.Testing;
using OrderGrains.Runtime.Tests.Storage;

namespace OrderGrains.Runtime.Tests.Cluster;

/// <summary>The membership and lease tables and write fencing, the same on every database.</summary>
public abstract class ClusterTableContractTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private AdoNetRuntimeStore? _store;

    private AdoNetRuntimeStore Store => _store ?? throw new InvalidOperationException("Not initialized.");

    private ClusterTable Table => Store.Cluster;

    protected abstract Task<AdoNetRuntimeStore> CreateStoreAsync();

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.InitializeAsync(Ct);
        await Table.EnsurePartitionsAsync(4, Ct);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_silo_declared_dead_never_heartbeats_or_changes_status_again()
    {
        await Table.RegisterAsync("a@127.0.0.1:1/1", "a", "127.0.0.1:1", null, 1, Ct);
        Assert.True(await Table.HeartbeatAsync("a@127.0.0.1:1/1", Ct));
        Assert.False(await Table.DeclareDeadAsync("a@127.0.0.1:1/1", TimeSpan.FromMinutes(1), Ct));

        await Task.Delay(50);
        Assert.True(await Table.DeclareDeadAsync("a@127.0.0.1:1/1", TimeSpan.FromMilliseconds(1), Ct));
        Assert.False(await Table.HeartbeatAsync("a@127.0.0.1:1/1", Ct));
        Assert.False(await Table.SetStatusAsync("a@127.0.0.1:1/1", SiloStatus.Active, Ct));
        Assert.Equal(SiloStatus.Dead, Assert.Single(await Table.ReadSilosAsync(Ct)).Status);

        await Task.Delay(50);
        Assert.Equal(1, await Table.DeleteDeadAsync(TimeSpan.FromMilliseconds(1), Ct));
        Assert.Empty(await Table.ReadSilosAsync(Ct));
    }

    [Fact]
    public async Task Partition_count_mismatch_is_refused()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Table.EnsurePartitionsAsync(8, Ct));
        Assert.Contains("same number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_change_of_owner_increments_the_epoch_and_a_held_lease_cannot_be_taken()
    {
        Assert.Equal(1, await Table.AcquireAsync(0, 0, "a", Lease, Ct));
        Assert.Null(await Table.AcquireAsync(0, 1, "b", Lease, Ct));
        Assert.Equal([(0, 1L)], await Table.RenewAsync("a", Lease, Ct));

        Assert.True(await Table.ReleaseAsync(0, 1, "a", Ct));
        Assert.Equal(2, await Table.AcquireAsync(0, 1, "b", Lease, Ct));
        var lease = (await Table.ReadLeasesAsync(Ct))[0];
        Assert.Equal(("b", 2L), (lease.OwnerId, lease.Epoch));
        Assert.True(lease.Remaining > TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_with_a_new_epoch()
    {
        Assert.Equal(1, await Table.AcquireAsync(1, 0, "a", TimeSpan.FromMilliseconds(1), Ct));
        await Task.Delay(50);
        Assert.Equal(2, await Table.AcquireAsync(1, 1, "b", Lease, Ct));
        Assert.Empty(await Table.RenewAsync("a", Lease, Ct));
    }

    [Fact]
    public async Task Writes_with_a_stale_fence_are_rejected_and_the_others_in_the_batch_commit()
    {
        var epoch = (await Table.AcquireAsync(2, 0, "a", Lease, Ct))!.Value;
        var good = Write("good", new StoreFence(2, epoch, "a"));
        var stale = Write("stale", new StoreFence(2, epoch - 1, "a"));
        var foreign = Write("foreign", new StoreFence(2, epoch, "b"));
        var unfenced = Write("plain", null);
        await Store.WriteAsync([good, stale, foreign, unfenced], Ct);

        Assert.Equal(
            [StoreWriteOutcome.Committed, StoreWriteOutcome.Fenced, StoreWriteOutcome.Fenced, StoreWriteOutcome.Committed],
            new[] { good.Outcome, stale.Outcome, foreign.Outcome, unfenced.Outcome });
        Assert.NotNull(await Store.ReadStateAsync(new GrainId("counter", "good"), "s", Ct));
        Assert.Null(await Store.ReadStateAsync(new GrainId("counter", "stale"), "s", Ct));
        Assert.Null(await Store.ReadStateAsync(new GrainId("counter", "foreign"), "s", Ct));

        // Once another silo took the partition over, the old owner's fence no longer holds.
        Assert.True(await Table.ReleaseAsync(2, epoch, "a", Ct));
        Assert.Equal(epoch + 1, await Table.AcquireAsync(2, epoch, "b", Lease, Ct));
        var late = Write("good", new StoreFence(2, epoch, "a"));
        late.ExpectedVersion = 1;
        await Store.WriteAsync([late], Ct);
        Assert.Equal(StoreWriteOutcome.Fenced, late.Outcome);
        Assert.Equal(1, (await Store.ReadStateAsync(new GrainId("counter", "good"), "s", Ct))!.Version);
    }

    [Fact]
    public async Task Reminder_updates_with_a_stale_fence_are_rejected()
    {
        var epoch = (await Table.AcquireAsync(3, 0, "a", Lease, Ct))!.Value;
        var reminder = new ReminderRecord(new GrainId("remind", "r1"), "tick", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        await Store.UpsertReminderAsync(reminder, new StoreFence(3, epoch, "a"), Ct);
        await Assert.ThrowsAsync<PartitionLeaseLostException>(() => Store.UpsertReminderAsync(reminder with { Name = "other" }, new StoreFence(3, epoch + 1, "a"), Ct));
        await Assert.ThrowsAsync<PartitionLeaseLostException>(() => Store.DeleteReminderAsync(reminder.GrainId, "tick", new StoreFence(3, epoch, "b"), Ct));
        Assert.Equal(["tick"], (await Store.GetRemindersAsync(reminder.GrainId, Ct)).Select(r => r.Name));
    }

    private static StoreWrite Write(string key, StoreFence? fence) => new()
    {
        GrainId = new GrainId("counter", key),
        StateName = "s",
        Kind = StoreWriteKind.Upsert,
        Payload = Encoding.UTF8.GetBytes("{}"),
        Fence = fence,
    };
}

public sealed class SqliteClusterTableTests : ClusterTableContractTests, IDisposable
{
    private readonly TestDirectory _directory = TestDirectory.Create();

    protected override Task<AdoNetRuntimeStore> CreateStoreAsync() =>
        Task.FromResult(AdoNetRuntimeStore.CreateSqlite("Default", _directory.SqliteConnectionString("cluster.db")));

    public void Dispose() => _directory.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlClusterTableTests(PostgresFixture postgres) : ClusterTableContractTests
{
    protected override async Task<AdoNetRuntimeStore> CreateStoreAsync() =>
        AdoNetRuntimeStore.CreatePostgreSql("Default", await postgres.Server.CreateDatabaseAsync());
}
