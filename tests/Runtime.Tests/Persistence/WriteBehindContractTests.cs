using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Runtime.Testing;
using OrderGrains.Runtime.Tests.Grains;

namespace OrderGrains.Runtime.Tests.Persistence;

/// <summary>
/// Write-behind and keyed entries through grains, on every storage provider: an answer to a caller outside the grains
/// leaves only once what it may depend on is durable, entries survive restarts, and a failed write never leaves its
/// unstored memory serving calls. The store's transactions are held by the test, so no timing is guessed.
/// </summary>
public abstract class WriteBehindContractTests : IAsyncLifetime
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private SiloHarness _harness = null!;
    private ControllableRuntimeStore? _store;

    /// <summary>The default store of the running silo.</summary>
    private ControllableRuntimeStore Store => _store ?? throw new InvalidOperationException("No silo started.");

    protected abstract Task<(string Provider, string ConnectionString)> CreateStorageAsync();

    public async Task InitializeAsync() =>
        _harness = await SiloHarness.StartAsync(storage: await CreateStorageAsync(), wrapStore: inner => _store = new ControllableRuntimeStore(inner));

    public async Task DisposeAsync()
    {
        _store?.ReleaseAll();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task An_external_call_is_answered_only_once_its_write_behind_is_durable()
    {
        var book = _harness.Grains.GetGrain<IEntryBookGrain>("durable");
        Assert.Empty(await book.List());

        Store.HoldWrites = true;
        var call = book.Set("a", 1);
        var held = await Store.NextHeldAsync();
        Assert.Equal(["durable/book"], held.Writes);
        Assert.False(call.IsCompleted);

        held.Release();
        Assert.Equal(1, await call.WaitAsync(CallTimeout));
        var stored = await Store.ReadStateAsync(book.GetGrainId(), "book", CancellationToken.None);
        Assert.Equal(["lines/a"], stored!.Entries.Select(e => e.Key));
    }

    [Fact]
    public async Task Entries_and_state_written_behind_survive_a_silo_restart()
    {
        var book = _harness.Grains.GetGrain<IEntryBookGrain>("restart");
        await book.Set("a", 1);
        await book.Set("b", 2);
        await book.Set("c", 3);
        Assert.True(await book.Remove("b"));
        Assert.False(await book.Remove("missing"));
        await book.Set("a", 5);

        await _harness.RestartAsync();

        book = _harness.Grains.GetGrain<IEntryBookGrain>("restart");
        Assert.Equal(["a=5", "c=3"], await book.List());
        Assert.Equal(6, await book.GetWrites());
        var stored = await Store.ReadStateAsync(book.GetGrainId(), "book", CancellationToken.None);
        Assert.Equal(["lines/a", "lines/c"], stored!.Entries.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Clear_deletes_the_entries_and_later_entries_are_stored_again()
    {
        var book = _harness.Grains.GetGrain<IEntryBookGrain>("clear");
        await book.Set("a", 1);
        await book.Set("b", 2);
        await book.Clear();
        Assert.Empty(await book.List());
        await book.Set("c", 3);

        await _harness.RestartAsync();

        Assert.Equal(["c=3"], await _harness.Grains.GetGrain<IEntryBookGrain>("clear").List());
    }

    [Fact]
    public async Task A_grain_writing_behind_and_calling_another_that_writes_behind_answers_once_both_are_stored_in_call_order()
    {
        var first = _harness.Grains.GetGrain<IEntryBookGrain>("first");
        var second = _harness.Grains.GetGrain<IEntryBookGrain>("second");
        await Task.WhenAll(first.List(), second.List());

        Store.HoldWrites = true;
        var call = first.SetHereThen("x", 7, "second");
        var written = new List<string>();
        while (!written.Contains("second/book"))
        {
            var held = await Store.NextHeldAsync();
            Assert.False(call.IsCompleted);
            written.AddRange(held.Writes);
            held.Release();
        }

        Assert.Equal(1, await call.WaitAsync(CallTimeout));
        Assert.Equal(["first/book", "second/book"], written);
        foreach (var grain in new[] { first, second })
        {
            var stored = await Store.ReadStateAsync(grain.GetGrainId(), "book", CancellationToken.None);
            Assert.Equal(["lines/x"], stored!.Entries.Select(e => e.Key));
        }
    }

    [Fact]
    public async Task A_failed_write_behind_fails_the_external_call_and_the_next_call_reads_the_stored_state()
    {
        var book = _harness.Grains.GetGrain<IEntryBookGrain>("failing");
        await book.Set("a", 1);

        Store.HoldWrites = true;
        var call = book.Set("b", 2);
        (await Store.NextHeldAsync()).Fail();
        await Assert.ThrowsAsync<StorageUnavailableException>(() => call.WaitAsync(CallTimeout));
        Store.HoldWrites = false;

        // A fresh activation: the unstored entry "b" and write count 2 are gone.
        Assert.Equal(["a=1"], await book.List());
        Assert.Equal(1, await book.GetWrites());
        Assert.Equal(2, await book.Set("c", 3));

        await _harness.RestartAsync();
        Assert.Equal(["a=1", "c=3"], await _harness.Grains.GetGrain<IEntryBookGrain>("failing").List());
    }

    [Fact]
    public async Task A_write_behind_that_fails_while_its_grain_is_still_working_fails_the_external_call()
    {
        var book = _harness.Grains.GetGrain<IEntryBookGrain>("late");
        await book.Set("a", 1);

        Store.HoldWrites = true;
        var call = book.SetThenWait("b", 2, "late:go");
        (await Store.NextHeldAsync()).Fail();
        Store.HoldWrites = false;

        // The failure is fully processed (the silo is caught up again) before the grain answers.
        var persistence = _harness.Silo.Services.GetRequiredService<SiloRuntime>().Persistence;
        await persistence.DrainAsync().WaitAsync(CallTimeout);
        Assert.True(persistence.IsCaughtUp);
        _harness.Probe.Record("late:go");

        await Assert.ThrowsAsync<StorageUnavailableException>(() => call.WaitAsync(CallTimeout));
        Assert.Equal(["a=1"], await book.List());
    }

    [Fact]
    public async Task The_next_activation_starts_once_the_writes_of_the_deactivated_one_are_stored()
    {
        var book = _harness.Grains.GetGrain<IEntryBookGrain>("handover");
        await book.Set("a", 1);

        Store.HoldWrites = true;
        var deactivating = book.SetThenDeactivate("b", 2);
        var held = await Store.NextHeldAsync();
        var next = book.Set("c", 3);
        Store.HoldWrites = false;
        held.Release();

        // Had the next activation read storage before "b" landed, its write would have failed on the version.
        Assert.Equal(2, await deactivating.WaitAsync(CallTimeout));
        Assert.Equal(3, await next.WaitAsync(CallTimeout));
        Assert.Equal(["a=1", "b=2", "c=3"], await book.List());
    }

    [Fact]
    public async Task A_call_that_entered_before_a_failed_write_stores_nothing_after_it()
    {
        var victim = _harness.Grains.GetGrain<IEntryBookGrain>("victim");
        var bystander = _harness.Grains.GetGrain<IEntryBookGrain>("bystander");
        await victim.Set("a", 1);
        await bystander.Set("a", 1);

        // The bystander's call enters, then another grain's write fails while it waits.
        var waiting = bystander.WaitThenSet("b", 2, "bystander:go");
        Store.HoldWrites = true;
        var failing = victim.Set("b", 2);
        (await Store.NextHeldAsync()).Fail();
        await Assert.ThrowsAsync<StorageUnavailableException>(() => failing.WaitAsync(CallTimeout));
        Store.HoldWrites = false;

        // What it saw may include what was lost, so its write is refused, not stored; a fresh call writes normally.
        _harness.Probe.Record("bystander:go");
        await Assert.ThrowsAsync<StorageUnavailableException>(() => waiting.WaitAsync(CallTimeout));
        Assert.Equal(["a=1"], await bystander.List());
        Assert.Equal(2, await bystander.Set("c", 3));

        await _harness.RestartAsync();
        Assert.Equal(["a=1", "c=3"], await _harness.Grains.GetGrain<IEntryBookGrain>("bystander").List());
    }

    [Fact]
    public async Task When_the_callers_write_fails_the_write_the_callee_queued_behind_it_fails_too()
    {
        var first = _harness.Grains.GetGrain<IEntryBookGrain>("chain-a");
        var second = _harness.Grains.GetGrain<IEntryBookGrain>("chain-b");
        await first.Set("old", 1);
        await second.Set("old", 1);

        Store.HoldWrites = true;
        var call = first.SetHereThen("new", 2, "chain-b");
        var held = await Store.NextHeldAsync();
        Assert.Equal("chain-a/book", held.Writes[0]);
        held.Fail();
        await Assert.ThrowsAsync<StorageUnavailableException>(() => call.WaitAsync(CallTimeout));
        Store.HoldWrites = false;

        // Nothing of the failed call is stored, and neither grain serves its unstored memory.
        Assert.Equal(["old=1"], await first.List());
        Assert.Equal(["old=1"], await second.List());
    }
}

public sealed class SqliteWriteBehindTests : WriteBehindContractTests, IDisposable
{
    private readonly TestDirectory _directory = TestDirectory.Create();

    protected override Task<(string Provider, string ConnectionString)> CreateStorageAsync() =>
        Task.FromResult(("Sqlite", _directory.SqliteConnectionString("state.db")));

    public void Dispose() => _directory.Dispose();
}

[Collection(Storage.PostgresCollection.Name)]
public sealed class PostgreSqlWriteBehindTests(Storage.PostgresFixture postgres) : WriteBehindContractTests
{
    protected override async Task<(string Provider, string ConnectionString)> CreateStorageAsync() =>
        ("PostgreSql", await postgres.Server.CreateDatabaseAsync());
}
