using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Tests.Storage;

/// <summary>The store contract for keyed state entries (og_grain_entries), run on every database.</summary>
public abstract partial class RuntimeStoreContractTests
{
    private static readonly GrainId EntryGrain = new("book", "B-1");

    [Fact]
    public async Task Entry_changes_are_upserted_with_the_state_write_and_read_back_with_the_state()
    {
        await WriteOneAsync(WithEntries(EntryGrain, "v1", null, "state", ("a", "1"), ("b", "2")));
        var update = WithEntries(EntryGrain, "v2", 1, "state", ("a", "10"));
        await WriteOneAsync(update);

        Assert.Equal(StoreWriteOutcome.Committed, update.Outcome);
        var stored = await Store.ReadStateAsync(EntryGrain, "state", Ct);
        Assert.Equal("v2", Text(stored!.Payload));
        Assert.Equal(["a=10", "b=2"], Entries(stored));
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM og_grain_entries"));
    }

    [Fact]
    public async Task A_state_write_without_entry_changes_keeps_the_stored_entries()
    {
        await WriteOneAsync(WithEntries(EntryGrain, "v1", null, "state", ("a", "1")));
        await WriteOneAsync(Upsert(EntryGrain, "v2", 1));

        Assert.Equal(["a=1"], Entries(await Store.ReadStateAsync(EntryGrain, "state", Ct)));
    }

    [Fact]
    public async Task A_delete_change_removes_only_that_entry()
    {
        await WriteOneAsync(WithEntries(EntryGrain, "v1", null, "state", ("a", "1"), ("b", "2")));
        await WriteOneAsync(WithEntries(EntryGrain, "v2", 1, "state", ("a", null), ("never-stored", null)));

        Assert.Equal(["b=2"], Entries(await Store.ReadStateAsync(EntryGrain, "state", Ct)));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM og_grain_entries"));
    }

    [Fact]
    public async Task A_later_change_to_the_same_key_in_one_batch_wins()
    {
        var writes = new[]
        {
            WithEntries(EntryGrain, "v1", null, "state", ("a", "1"), ("b", "1"), ("c", "1")),
            WithEntries(EntryGrain, "v2", 1, "state", ("a", "2"), ("b", null)),
            WithEntries(EntryGrain, "v3", 2, "state", ("b", "3"), ("c", null), ("c", "4")),
        };
        await Store.WriteAsync(writes, Ct);

        Assert.All(writes, w => Assert.Equal(StoreWriteOutcome.Committed, w.Outcome));
        Assert.Equal(["a=2", "b=3", "c=4"], Entries(await Store.ReadStateAsync(EntryGrain, "state", Ct)));
    }

    [Fact]
    public async Task A_write_whose_version_check_fails_applies_none_of_its_entry_changes()
    {
        var other = new GrainId("book", "B-2");
        var never = new GrainId("book", "B-3");
        await WriteOneAsync(WithEntries(EntryGrain, "v1", null, "state", ("a", "1")));

        var writes = new[]
        {
            WithEntries(EntryGrain, "stale", 7, "state", ("a", "99"), ("z", "99")),
            WithEntries(EntryGrain, "dup-insert", null, "state", ("a", null), ("y", "99")),
            WithEntries(never, "update-of-nothing", 3, "state", ("x", "99")),
            WithEntries(other, "fresh", null, "state", ("k", "1")),
        };
        await Store.WriteAsync(writes, Ct);

        Assert.Equal(
            [StoreWriteOutcome.Conflict, StoreWriteOutcome.Conflict, StoreWriteOutcome.Conflict, StoreWriteOutcome.Committed],
            writes.Select(w => w.Outcome));
        Assert.Equal(["a=1"], Entries(await Store.ReadStateAsync(EntryGrain, "state", Ct)));
        Assert.Null(await Store.ReadStateAsync(never, "state", Ct));
        Assert.Equal(["k=1"], Entries(await Store.ReadStateAsync(other, "state", Ct)));
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM og_grain_entries"));
    }

    [Fact]
    public async Task Clear_deletes_every_entry_of_the_state_and_a_stale_clear_deletes_none()
    {
        await WriteOneAsync(WithEntries(EntryGrain, "v1", null, "state", ("a", "1"), ("b", "2")));
        await WriteOneAsync(WithEntries(EntryGrain, "cart", null, "cart", ("kept", "1")));

        var stale = Clear(EntryGrain, 7);
        await WriteOneAsync(stale);
        Assert.Equal(StoreWriteOutcome.Conflict, stale.Outcome);
        Assert.Equal(["a=1", "b=2"], Entries(await Store.ReadStateAsync(EntryGrain, "state", Ct)));

        var clear = Clear(EntryGrain, 1);
        await WriteOneAsync(clear);
        Assert.Equal(StoreWriteOutcome.Committed, clear.Outcome);
        var tombstone = await Store.ReadStateAsync(EntryGrain, "state", Ct);
        Assert.Null(tombstone!.Payload);
        Assert.Empty(tombstone.Entries);
        Assert.Equal(["kept=1"], Entries(await Store.ReadStateAsync(EntryGrain, "cart", Ct)));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM og_grain_entries"));

        // Written again after the clear: only the new entries.
        await WriteOneAsync(WithEntries(EntryGrain, "again", 2, "state", ("c", "3")));
        Assert.Equal(["c=3"], Entries(await Store.ReadStateAsync(EntryGrain, "state", Ct)));
    }

    [Fact]
    public async Task Clear_and_rewrite_in_one_batch_apply_in_order()
    {
        var writes = new[]
        {
            WithEntries(EntryGrain, "v1", null, "state", ("a", "1"), ("b", "1")),
            Clear(EntryGrain, 1),
            WithEntries(EntryGrain, "v3", 2, "state", ("c", "1")),
        };
        await Store.WriteAsync(writes, Ct);

        Assert.All(writes, w => Assert.Equal(StoreWriteOutcome.Committed, w.Outcome));
        Assert.Equal(["c=1"], Entries(await Store.ReadStateAsync(EntryGrain, "state", Ct)));
    }

    [Fact]
    public async Task Entries_of_another_state_name_or_grain_are_not_returned()
    {
        var otherGrain = new GrainId("book", "B-2");
        var otherType = new GrainId("ledger", "B-1");
        await Store.WriteAsync(
        [
            WithEntries(EntryGrain, "s", null, "state", ("a", "1")),
            WithEntries(EntryGrain, "c", null, "cart", ("a", "2"), ("b", "2")),
            WithEntries(otherGrain, "o", null, "state", ("a", "3")),
            WithEntries(otherType, "t", null, "state", ("z", "4")),
        ], Ct);

        Assert.Equal(["a=1"], Entries(await Store.ReadStateAsync(EntryGrain, "state", Ct)));
        Assert.Equal(["a=2", "b=2"], Entries(await Store.ReadStateAsync(EntryGrain, "cart", Ct)));
        Assert.Equal(["a=3"], Entries(await Store.ReadStateAsync(otherGrain, "state", Ct)));
        Assert.Equal(["z=4"], Entries(await Store.ReadStateAsync(otherType, "state", Ct)));
        Assert.Null(await Store.ReadStateAsync(EntryGrain, "profile", Ct));
    }

    private static StoreWrite WithEntries(GrainId grain, string payload, long? expected, string stateName, params (string Key, string? Value)[] changes) =>
        new()
        {
            GrainId = grain,
            StateName = stateName,
            Kind = StoreWriteKind.Upsert,
            Payload = Bytes(payload),
            ExpectedVersion = expected,
            EntryChanges = [.. changes.Select(c => new EntryChange(c.Key, c.Value is null ? null : Bytes(c.Value)))],
        };

    private static string[] Entries(StoredState? stored) =>
        [.. (stored ?? throw new InvalidOperationException("No stored state.")).Entries.Select(e => $"{e.Key}={Text(e.Payload)}").Order(StringComparer.Ordinal)];
}
