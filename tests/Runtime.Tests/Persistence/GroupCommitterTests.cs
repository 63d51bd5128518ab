using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OrderGrains.Runtime.Diagnostics;
using OrderGrains.Runtime.Persistence;
using OrderGrains.Runtime.Storage;
using OrderGrains.Runtime.Storage.AdoNet;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Runtime.Tests.Persistence;

/// <summary>
/// The group committer on a real SQLite store whose transactions the test holds: one transaction at a time in queue
/// order (prefix durability), failures propagate to every write queued behind, and the durability barrier.
/// </summary>
public sealed class GroupCommitterTests : IAsyncLifetime
{
    private readonly TestDirectory _directory = TestDirectory.Create();
    private readonly RuntimeInstruments _instruments = new();
    private ControllableRuntimeStore _store = null!;
    private GroupCommitter _committer = null!;

    public async Task InitializeAsync()
    {
        _store = new ControllableRuntimeStore(AdoNetRuntimeStore.CreateSqlite("Default", _directory.SqliteConnectionString("commit.db")));
        await _store.InitializeAsync(CancellationToken.None);
        _committer = new GroupCommitter(_store, maxBatchSize: 512, _instruments, NullLogger.Instance);
    }

    public async Task DisposeAsync()
    {
        _store.ReleaseAll();
        await _store.DisposeAsync();
        _instruments.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task Writes_queued_during_a_transaction_commit_together_in_the_next_one_in_queue_order()
    {
        _store.HoldWrites = true;
        var a = Enqueue("a");
        var first = await _store.NextHeldAsync();
        var b = Enqueue("b");
        var c = Enqueue("c");

        // The first transaction is still running: the writes behind it are neither sent nor answered.
        Assert.Single(_store.Batches);
        Assert.False(b.Completion.IsCompleted || c.Completion.IsCompleted);
        Assert.False(_committer.IsCaughtUp);

        first.Release();
        await Bounded(a.Completion);
        var second = await _store.NextHeldAsync();
        Assert.Equal(["b/state", "c/state"], second.Writes);
        Assert.False(b.Completion.IsCompleted);
        second.Release();
        await Bounded(Task.WhenAll(b.Completion, c.Completion));

        await Bounded(_committer.WhenDurable());
        Assert.Equal(1, _store.MaxConcurrentWrites);
        Assert.True(_committer.IsCaughtUp);
        Assert.Equal(["a", "b", "c"], await StoredAsync("a", "b", "c"));
    }

    [Fact]
    public async Task A_failed_transaction_fails_every_write_queued_behind_it_and_later_writes_commit_again()
    {
        _store.HoldWrites = true;
        var a = Enqueue("a");
        var first = await _store.NextHeldAsync();
        var b = Enqueue("b");
        var c = Enqueue("c");

        first.Fail();

        await Assert.ThrowsAsync<StorageUnavailableException>(() => Bounded(a.Completion));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => Bounded(b.Completion));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => Bounded(c.Completion));
        Assert.Single(_store.Batches);
        Assert.Empty(await StoredAsync("a", "b", "c"));

        // Storage is back: a new write commits.
        _store.HoldWrites = false;
        var d = Enqueue("d");
        await Bounded(d.Completion);
        await Bounded(_committer.WhenDurable());
        Assert.Equal(["d"], await StoredAsync("a", "b", "c", "d"));
    }

    [Fact]
    public async Task WhenDurable_waits_for_the_writes_queued_before_it_and_not_for_later_ones()
    {
        Assert.True(_committer.WhenDurable().IsCompletedSuccessfully);

        _store.HoldWrites = true;
        Enqueue("a");
        var first = await _store.NextHeldAsync();
        var afterA = _committer.WhenDurable();
        Enqueue("b");
        var afterB = _committer.WhenDurable();
        Assert.False(afterA.IsCompleted);

        first.Release();
        await Bounded(afterA);
        var second = await _store.NextHeldAsync();
        Assert.False(afterB.IsCompleted);

        second.Release();
        await Bounded(afterB);
        Assert.Equal(["a", "b"], await StoredAsync("a", "b"));
    }

    [Fact]
    public async Task WhenDurable_faults_when_a_write_it_waits_for_fails()
    {
        _store.HoldWrites = true;
        Enqueue("a");
        var first = await _store.NextHeldAsync();
        var afterA = _committer.WhenDurable();
        Enqueue("b");
        var afterB = _committer.WhenDurable();

        first.Fail();

        await Assert.ThrowsAsync<StorageUnavailableException>(() => Bounded(afterA));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => Bounded(afterB));
    }

    [Fact]
    public async Task A_failure_in_a_later_transaction_does_not_undo_an_earlier_committed_one()
    {
        _store.HoldWrites = true;
        var a = Enqueue("a");
        var first = await _store.NextHeldAsync();
        var b = Enqueue("b");
        var afterB = _committer.WhenDurable();

        first.Release();
        await Bounded(a.Completion);
        (await _store.NextHeldAsync()).Fail();

        await Assert.ThrowsAsync<StorageUnavailableException>(() => Bounded(b.Completion));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => Bounded(afterB));
        Assert.Equal(["a"], await StoredAsync("a", "b"));
    }

    [Fact]
    public async Task A_backlog_beyond_the_batch_limit_commits_in_transactions_of_the_limit_in_queue_order()
    {
        _committer = new GroupCommitter(_store, maxBatchSize: 2, _instruments, NullLogger.Instance);
        _store.HoldWrites = true;
        var a = Enqueue("a");
        var first = await _store.NextHeldAsync();
        var behind = new[] { "b", "c", "d", "e", "f" }.Select(Enqueue).ToList();

        first.Release();
        var second = await _store.NextHeldAsync();
        Assert.Equal(["b/state", "c/state"], second.Writes);
        second.Release();
        var third = await _store.NextHeldAsync();
        Assert.Equal(["d/state", "e/state"], third.Writes);
        third.Release();
        var fourth = await _store.NextHeldAsync();
        Assert.Equal(["f/state"], fourth.Writes);
        fourth.Release();

        await Bounded(Task.WhenAll(behind.Select(w => w.Completion).Append(a.Completion)));
        Assert.Equal(["a", "b", "c", "d", "e", "f"], await StoredAsync("a", "b", "c", "d", "e", "f"));
    }

    private static Task Bounded(Task task) => task.WaitAsync(TimeSpan.FromSeconds(10));

    private PendingWrite Enqueue(string key)
    {
        var write = new PendingWrite(new GrainId("commit", key), "state", StoreWriteKind.Upsert, Encoding.UTF8.GetBytes(key), owner: null);
        _committer.Enqueue(write);
        return write;
    }

    private async Task<string[]> StoredAsync(params string[] keys)
    {
        var stored = new List<string>();
        foreach (var key in keys)
        {
            if (await _store.ReadStateAsync(new GrainId("commit", key), "state", CancellationToken.None) is { Payload: { } payload })
            {
                stored.Add(Encoding.UTF8.GetString(payload));
            }
        }

        return [.. stored];
    }
}
