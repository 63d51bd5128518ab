using System.Text;
using OrderGrains.Runtime.Storage;
using OrderGrains.Runtime.Storage.AdoNet;

namespace OrderGrains.Runtime.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IRuntimeStore"/> must have, written once; one subclass per database supplies a fresh,
/// empty database per test.
/// </summary>
public abstract partial class RuntimeStoreContractTests : IAsyncLifetime
{
    protected const string Provider = "persistent";
    private static readonly StreamId OrdersStream = new("orders", "ORD-1");
    private static readonly GrainId Order = new("order", "ORD-1");
    private static readonly GrainId Projection = new("projection", "p1");

    private IRuntimeStore? _store;

    protected IRuntimeStore Store => _store ?? throw new InvalidOperationException("Not initialized.");

    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>Creates a database for this test (called once per test).</summary>
    protected abstract Task CreateDatabaseAsync();

    /// <summary>Creates a new, uninitialized store instance on this test's database.</summary>
    protected abstract IRuntimeStore CreateStore(string name = "Default");

    /// <summary>Creates a store whose database cannot be reached or opened.</summary>
    protected abstract IRuntimeStore CreateUnreachableStore(string name);

    /// <summary>Runs a scalar query directly against this test's database.</summary>
    protected abstract Task<long> ScalarAsync(string sql);

    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        _store = CreateStore();
        await _store.InitializeAsync(Ct);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Initialize_creates_the_schema_and_records_every_migration()
    {
        Assert.Equal(3, await ScalarAsync("SELECT COUNT(*) FROM og_schema_version"));
        Assert.Equal(3, await ScalarAsync("SELECT MAX(version) FROM og_schema_version"));
        foreach (var table in new[] { "og_grain_state", "og_grain_entries", "og_streams", "og_stream_events", "og_subscriptions", "og_dead_letters", "og_reminders", "og_silos", "og_partition_leases" })
        {
            Assert.Equal(0, await ScalarAsync($"SELECT COUNT(*) FROM {table}"));
        }
    }

    [Fact]
    public async Task Initialize_again_is_a_no_op_and_keeps_data()
    {
        await WriteOneAsync(Upsert(Order, "v1", null));
        await Store.InitializeAsync(Ct);
        await using (var second = CreateStore())
        {
            await second.InitializeAsync(Ct);
            Assert.Equal("v1", Text((await second.ReadStateAsync(Order, "state", Ct))!.Payload));
        }

        Assert.Equal(3, await ScalarAsync("SELECT COUNT(*) FROM og_schema_version"));
    }

    [Fact]
    public async Task Concurrent_initialization_of_several_stores_applies_each_migration_once()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => s.InitializeAsync(Ct)));
        }
        finally
        {
            foreach (var s in stores)
            {
                await s.DisposeAsync();
            }
        }

        Assert.Equal(3, await ScalarAsync("SELECT COUNT(*) FROM og_schema_version"));
    }

    [Fact]
    public async Task Reading_a_state_never_written_returns_null()
    {
        Assert.Null(await Store.ReadStateAsync(Order, "state", Ct));
    }

    [Fact]
    public async Task Insert_round_trips_payload_with_version_1()
    {
        var write = Upsert(Order, "hello", null);
        await WriteOneAsync(write);

        Assert.Equal(StoreWriteOutcome.Committed, write.Outcome);
        Assert.Equal(1, write.NewVersion);
        var stored = await Store.ReadStateAsync(Order, "state", Ct);
        Assert.NotNull(stored);
        Assert.Equal("hello", Text(stored.Payload));
        Assert.Equal(1, stored.Version);
        Assert.Null(await Store.ReadStateAsync(Order, "other", Ct));
    }

    [Fact]
    public async Task Insert_when_a_row_exists_is_a_conflict()
    {
        await WriteOneAsync(Upsert(Order, "first", null));
        var second = Upsert(Order, "second", null);
        await WriteOneAsync(second);

        Assert.Equal(StoreWriteOutcome.Conflict, second.Outcome);
        Assert.Equal("first", Text((await Store.ReadStateAsync(Order, "state", Ct))!.Payload));
    }

    [Fact]
    public async Task Update_with_current_version_increments_the_version()
    {
        await WriteOneAsync(Upsert(Order, "v1", null));
        var update = Upsert(Order, "v2", 1);
        await WriteOneAsync(update);

        Assert.Equal(StoreWriteOutcome.Committed, update.Outcome);
        Assert.Equal(2, update.NewVersion);
        var stored = await Store.ReadStateAsync(Order, "state", Ct);
        Assert.Equal(("v2", 2L), (Text(stored!.Payload), stored.Version));
    }

    [Fact]
    public async Task Update_with_stale_version_is_a_conflict_and_applies_nothing()
    {
        await WriteOneAsync(Upsert(Order, "v1", null));
        await WriteOneAsync(Upsert(Order, "v2", 1));
        var stale = Upsert(Order, "stale", 1, Event(OrdersStream, "e1", Subscriber("impl", Projection)));
        await WriteOneAsync(stale);

        Assert.Equal(StoreWriteOutcome.Conflict, stale.Outcome);
        Assert.Empty(stale.EventSequences);
        var stored = await Store.ReadStateAsync(Order, "state", Ct);
        Assert.Equal(("v2", 2L), (Text(stored!.Payload), stored.Version));
        Assert.Equal(0, await Store.GetStreamHeadAsync(Provider, OrdersStream, Ct));
        Assert.Empty(await Store.ReadStreamAsync(Provider, OrdersStream, 0, 100, Ct));
        Assert.Empty(await Store.GetSubscriptionsAsync(Provider, OrdersStream, Ct));
    }

    [Fact]
    public async Task Update_of_a_state_never_written_is_a_conflict()
    {
        var update = Upsert(Order, "v", 3);
        await WriteOneAsync(update);

        Assert.Equal(StoreWriteOutcome.Conflict, update.Outcome);
        Assert.Null(await Store.ReadStateAsync(Order, "state", Ct));
    }

    [Fact]
    public async Task Clear_keeps_a_tombstone_with_a_new_version_and_a_later_write_must_present_it()
    {
        await WriteOneAsync(Upsert(Order, "v1", null));
        var clear = Clear(Order, 1);
        await WriteOneAsync(clear);

        Assert.Equal((StoreWriteOutcome.Committed, 2L), (clear.Outcome, clear.NewVersion));
        var tombstone = await Store.ReadStateAsync(Order, "state", Ct);
        Assert.NotNull(tombstone);
        Assert.Null(tombstone.Payload);
        Assert.Equal(2, tombstone.Version);

        var insert = Upsert(Order, "again", null);
        await WriteOneAsync(insert);
        Assert.Equal(StoreWriteOutcome.Conflict, insert.Outcome);

        var reinsert = Upsert(Order, "again", 2);
        await WriteOneAsync(reinsert);
        Assert.Equal((StoreWriteOutcome.Committed, 3L), (reinsert.Outcome, reinsert.NewVersion));
        Assert.Equal("again", Text((await Store.ReadStateAsync(Order, "state", Ct))!.Payload));
    }

    [Fact]
    public async Task Clear_of_a_state_never_written_commits_with_version_0_and_stores_nothing()
    {
        var clear = Clear(Order, null);
        await WriteOneAsync(clear);

        Assert.Equal((StoreWriteOutcome.Committed, 0L), (clear.Outcome, clear.NewVersion));
        Assert.Null(await Store.ReadStateAsync(Order, "state", Ct));
    }

    [Fact]
    public async Task Clear_expecting_no_row_when_one_exists_is_a_conflict()
    {
        await WriteOneAsync(Upsert(Order, "v1", null));
        var clear = Clear(Order, null);
        await WriteOneAsync(clear);

        Assert.Equal(StoreWriteOutcome.Conflict, clear.Outcome);
        Assert.Equal("v1", Text((await Store.ReadStateAsync(Order, "state", Ct))!.Payload));
    }

    [Fact]
    public async Task Clear_with_stale_version_is_a_conflict()
    {
        await WriteOneAsync(Upsert(Order, "v1", null));
        var clear = Clear(Order, 7);
        await WriteOneAsync(clear);

        Assert.Equal(StoreWriteOutcome.Conflict, clear.Outcome);
        Assert.Equal(1, (await Store.ReadStateAsync(Order, "state", Ct))!.Version);
    }

    [Fact]
    public async Task A_batch_with_mixed_outcomes_commits_only_the_writes_whose_version_matched()
    {
        var a = new GrainId("order", "A");
        var b = new GrainId("order", "B");
        var c = new GrainId("order", "C");
        await WriteOneAsync(Upsert(a, "a1", null));
        await WriteOneAsync(Upsert(b, "b1", null));

        var writes = new[]
        {
            Upsert(a, "a2", 1, Event(OrdersStream, "from-a")),
            Upsert(b, "b2", 5, Event(OrdersStream, "from-b")),
            Upsert(c, "c1", null, Event(OrdersStream, "from-c")),
            Upsert(a, "a-dup", null),
        };
        await Store.WriteAsync(writes, Ct);

        Assert.Equal(
            [StoreWriteOutcome.Committed, StoreWriteOutcome.Conflict, StoreWriteOutcome.Committed, StoreWriteOutcome.Conflict],
            writes.Select(w => w.Outcome));
        Assert.Equal([2L, 1L], new[] { writes[0].NewVersion, writes[2].NewVersion });
        Assert.Equal([1L], writes[0].EventSequences);
        Assert.Equal([2L], writes[2].EventSequences);
        Assert.Equal("a2", Text((await Store.ReadStateAsync(a, "state", Ct))!.Payload));
        Assert.Equal("b1", Text((await Store.ReadStateAsync(b, "state", Ct))!.Payload));
        Assert.Equal("c1", Text((await Store.ReadStateAsync(c, "state", Ct))!.Payload));
        var events = await Store.ReadStreamAsync(Provider, OrdersStream, 0, 100, Ct);
        Assert.Equal(["from-a", "from-c"], events.Select(e => Text(e.Payload)));
    }

    [Fact]
    public async Task Writes_to_the_same_state_in_one_batch_apply_in_order()
    {
        var writes = new[] { Upsert(Order, "v1", null), Upsert(Order, "v2", 1), Clear(Order, 2), Upsert(Order, "v4", 3) };
        await Store.WriteAsync(writes, Ct);

        Assert.All(writes, w => Assert.Equal(StoreWriteOutcome.Committed, w.Outcome));
        Assert.Equal([1L, 2L, 3L, 4L], writes.Select(w => w.NewVersion));
        Assert.Equal("v4", Text((await Store.ReadStateAsync(Order, "state", Ct))!.Payload));
    }

    [Fact]
    public async Task A_write_after_a_conflicting_write_to_the_same_state_in_one_batch_conflicts_too()
    {
        var a = new GrainId("order", "A");
        var b = new GrainId("order", "B");
        await WriteOneAsync(Upsert(a, "a1", null));

        var writes = new[] { Upsert(b, "b1", null), Upsert(a, "a2", 5), Upsert(b, "b2", 1), Upsert(a, "a3", 2), Upsert(b, "b3", 2) };
        await Store.WriteAsync(writes, Ct);

        Assert.Equal(
            [StoreWriteOutcome.Committed, StoreWriteOutcome.Conflict, StoreWriteOutcome.Committed, StoreWriteOutcome.Conflict, StoreWriteOutcome.Committed],
            writes.Select(w => w.Outcome));
        Assert.Equal(3, writes[4].NewVersion);
        Assert.Equal(("a1", "b3"), (Text((await Store.ReadStateAsync(a, "state", Ct))!.Payload), Text((await Store.ReadStateAsync(b, "state", Ct))!.Payload)));
    }

    [Fact]
    public async Task State_names_of_one_grain_are_independent()
    {
        await Store.WriteAsync([Upsert(Order, "a", null, stateName: "cart"), Upsert(Order, "b", null, stateName: "profile")], Ct);

        Assert.Equal("a", Text((await Store.ReadStateAsync(Order, "cart", Ct))!.Payload));
        Assert.Equal("b", Text((await Store.ReadStateAsync(Order, "profile", Ct))!.Payload));
    }

    [Fact]
    public async Task Events_get_consecutive_sequence_numbers_per_stream_across_batches()
    {
        var other = new StreamId("orders", "ORD-2");
        var first = EventsOnly(Order, Event(OrdersStream, "1"), Event(other, "x1"), Event(OrdersStream, "2"));
        await WriteOneAsync(first);
        var second = EventsOnly(Order, Event(OrdersStream, "3"));
        var third = EventsOnly(Projection, Event(other, "x2"), Event(OrdersStream, "4"));
        await Store.WriteAsync([second, third], Ct);

        Assert.Equal([1L, 1L, 2L], first.EventSequences);
        Assert.Equal([3L], second.EventSequences);
        Assert.Equal([2L, 4L], third.EventSequences);
        Assert.Equal(4, await Store.GetStreamHeadAsync(Provider, OrdersStream, Ct));
        Assert.Equal(2, await Store.GetStreamHeadAsync(Provider, other, Ct));
        var events = await Store.ReadStreamAsync(Provider, OrdersStream, 0, 100, Ct);
        Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.Sequence));
        Assert.Equal(["1", "2", "3", "4"], events.Select(e => Text(e.Payload)));
    }

    [Fact]
    public async Task Streams_of_different_providers_are_separate()
    {
        await WriteOneAsync(EventsOnly(Order, Event(OrdersStream, "a"), new StreamAppend("other", OrdersStream, Bytes("b"), [])));

        Assert.Equal(1, await Store.GetStreamHeadAsync(Provider, OrdersStream, Ct));
        Assert.Equal(1, await Store.GetStreamHeadAsync("other", OrdersStream, Ct));
    }

    [Fact]
    public async Task Events_only_write_commits_with_version_0_and_touches_no_state()
    {
        var write = EventsOnly(Order, Event(OrdersStream, "e"));
        await WriteOneAsync(write);

        Assert.Equal((StoreWriteOutcome.Committed, 0L), (write.Outcome, write.NewVersion));
        Assert.Null(await Store.ReadStateAsync(Order, "state", Ct));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM og_grain_state"));
    }

    [Fact]
    public async Task Concurrent_writers_to_one_stream_get_no_gaps_and_no_duplicates()
    {
        const int writers = 16;
        const int batchesPerWriter = 8;
        var all = new System.Collections.Concurrent.ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < batchesPerWriter; b++)
            {
                var grain = new GrainId("writer", $"{w}");
                var write = b == 0 ? Upsert(grain, "s", null, Event(OrdersStream, "e"), Event(OrdersStream, "e")) : Upsert(grain, "s", b, Event(OrdersStream, "e"), Event(OrdersStream, "e"));
                await Store.WriteAsync([write], Ct);
                Assert.Equal(StoreWriteOutcome.Committed, write.Outcome);
                Assert.Equal(write.EventSequences[0] + 1, write.EventSequences[1]);
                foreach (var s in write.EventSequences)
                {
                    all.Add(s);
                }
            }
        })));

        const long total = writers * batchesPerWriter * 2;
        Assert.Equal(Enumerable.Range(1, (int)total).Select(i => (long)i), all.Order());
        Assert.Equal(total, await Store.GetStreamHeadAsync(Provider, OrdersStream, Ct));
        var stored = await Store.ReadStreamAsync(Provider, OrdersStream, 0, 1000, Ct);
        Assert.Equal(all.Order(), stored.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Implicit_subscribers_are_created_once_with_checkpoint_0()
    {
        var implicitSub = Subscriber("implicit-projection", Projection, checkpoint: 99);
        await WriteOneAsync(EventsOnly(Order, Event(OrdersStream, "1", implicitSub), Event(OrdersStream, "2", implicitSub)));
        await Store.AdvanceCheckpointAsync(Provider, OrdersStream, "implicit-projection", 1, Ct);
        await WriteOneAsync(EventsOnly(Order, Event(OrdersStream, "3", implicitSub)));

        var subscription = Assert.Single(await Store.GetSubscriptionsAsync(Provider, OrdersStream, Ct));
        Assert.Equal(("implicit-projection", Projection, 1L), (subscription.SubscriptionId, subscription.Subscriber, subscription.Checkpoint));
        Assert.Equal(OrdersStream, subscription.Stream);
        Assert.Equal(Provider, subscription.Provider);
    }

    [Fact]
    public async Task Backlog_lists_subscriptions_behind_their_stream_head_oldest_work_first()
    {
        var older = new StreamId("orders", "OLD");
        var newer = new StreamId("orders", "NEW");
        var caughtUp = new StreamId("orders", "DONE");
        await WriteOneAsync(EventsOnly(Order, Event(older, "o1", Subscriber("s", Projection)), Event(older, "o2")));
        await WriteOneAsync(EventsOnly(Order, Event(caughtUp, "d1", Subscriber("s", Projection))));
        await Store.AdvanceCheckpointAsync(Provider, caughtUp, "s", 1, Ct);
        await WriteOneAsync(EventsOnly(Order, Event(newer, "n1", Subscriber("s", Projection))));
        await WriteOneAsync(EventsOnly(Order, new StreamAppend("other", older, Bytes("x"), [Subscriber("s", Projection)])));
        await Store.UpsertSubscriptionAsync(new StreamSubscriptionRecord(Provider, newer, "explicit", Order, 1), rewind: false, Ct);

        var backlog = await Store.GetBacklogAsync(Provider, 10, Ct);

        Assert.Equal(2, backlog.Count);
        Assert.Contains(backlog, b => b.Subscription.Stream == older && b.Head == 2 && b.Subscription.Checkpoint == 0);
        Assert.Contains(backlog, b => b.Subscription.Stream == newer && b.Subscription.SubscriptionId == "s" && b.Head == 1);
        Assert.All(backlog, b => Assert.Equal(Provider, b.Subscription.Provider));
        Assert.Single(await Store.GetBacklogAsync(Provider, 1, Ct));
        Assert.Single(await Store.GetBacklogAsync("other", 10, Ct));
    }

    [Fact]
    public async Task Read_stream_returns_events_after_a_sequence_in_order_up_to_the_limit()
    {
        await WriteOneAsync(EventsOnly(Order, [.. Enumerable.Range(1, 10).Select(i => Event(OrdersStream, $"e{i}"))]));

        var page = await Store.ReadStreamAsync(Provider, OrdersStream, 3, 4, Ct);

        Assert.Equal([4L, 5L, 6L, 7L], page.Select(e => e.Sequence));
        Assert.Equal(["e4", "e5", "e6", "e7"], page.Select(e => Text(e.Payload)));
        Assert.All(page, e => Assert.True(Math.Abs((DateTimeOffset.UtcNow - e.CreatedAt).TotalMinutes) < 5));
        Assert.Empty(await Store.ReadStreamAsync(Provider, OrdersStream, 10, 4, Ct));
        Assert.Empty(await Store.ReadStreamAsync(Provider, new StreamId("orders", "none"), 0, 4, Ct));
    }

    [Fact]
    public async Task Stream_head_of_a_stream_without_events_is_0()
    {
        Assert.Equal(0, await Store.GetStreamHeadAsync(Provider, OrdersStream, Ct));
    }

    [Fact]
    public async Task Checkpoint_never_moves_backward()
    {
        await Store.UpsertSubscriptionAsync(new StreamSubscriptionRecord(Provider, OrdersStream, "sub", Projection, 0), rewind: false, Ct);
        await Store.AdvanceCheckpointAsync(Provider, OrdersStream, "sub", 5, Ct);
        await Store.AdvanceCheckpointAsync(Provider, OrdersStream, "sub", 3, Ct);

        Assert.Equal(5, Assert.Single(await Store.GetSubscriptionsAsync(Provider, OrdersStream, Ct)).Checkpoint);

        await Store.AdvanceCheckpointAsync(Provider, OrdersStream, "missing", 3, Ct);
        Assert.Single(await Store.GetSubscriptionsAsync(Provider, OrdersStream, Ct));
    }

    [Fact]
    public async Task Upsert_subscription_keeps_subscriber_and_checkpoint_unless_rewinding()
    {
        await Store.UpsertSubscriptionAsync(new StreamSubscriptionRecord(Provider, OrdersStream, "sub", Projection, 4), rewind: false, Ct);
        await Store.UpsertSubscriptionAsync(new StreamSubscriptionRecord(Provider, OrdersStream, "sub", Order, 9), rewind: false, Ct);
        var kept = Assert.Single(await Store.GetSubscriptionsAsync(Provider, OrdersStream, Ct));
        Assert.Equal((Projection, 4L), (kept.Subscriber, kept.Checkpoint));

        await Store.UpsertSubscriptionAsync(new StreamSubscriptionRecord(Provider, OrdersStream, "sub", Order, 1), rewind: true, Ct);
        var rewound = Assert.Single(await Store.GetSubscriptionsAsync(Provider, OrdersStream, Ct));
        Assert.Equal((Projection, 1L), (rewound.Subscriber, rewound.Checkpoint));
    }

    [Fact]
    public async Task Delete_subscription_removes_it_and_is_idempotent()
    {
        await Store.UpsertSubscriptionAsync(new StreamSubscriptionRecord(Provider, OrdersStream, "a", Projection, 0), rewind: false, Ct);
        await Store.UpsertSubscriptionAsync(new StreamSubscriptionRecord(Provider, OrdersStream, "b", Projection, 0), rewind: false, Ct);

        await Store.DeleteSubscriptionAsync(Provider, OrdersStream, "a", Ct);
        await Store.DeleteSubscriptionAsync(Provider, OrdersStream, "a", Ct);

        Assert.Equal(["b"], (await Store.GetSubscriptionsAsync(Provider, OrdersStream, Ct)).Select(s => s.SubscriptionId));
    }

    [Fact]
    public async Task Dead_letter_is_stored_and_moves_the_checkpoint_past_it()
    {
        await WriteOneAsync(EventsOnly(Order, Event(OrdersStream, "1", Subscriber("sub", Projection)), Event(OrdersStream, "2"), Event(OrdersStream, "3")));
        var failedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 891, TimeSpan.FromHours(2));
        await Store.AdvanceCheckpointAsync(Provider, OrdersStream, "sub", 1, Ct);

        await Store.DeadLetterAsync(new DeadLetterRecord(Provider, OrdersStream, "sub", Projection, 2, Bytes("2"), 3, "boom", failedAt), Ct);
        await Store.DeadLetterAsync(new DeadLetterRecord(Provider, OrdersStream, "sub", Projection, 3, Bytes("3"), 1, "bang", failedAt.AddSeconds(1)), Ct);

        Assert.Equal(3, Assert.Single(await Store.GetSubscriptionsAsync(Provider, OrdersStream, Ct)).Checkpoint);
        Assert.Empty(await Store.GetBacklogAsync(Provider, 10, Ct));
        var letters = await Store.GetDeadLettersAsync(Provider, 10, Ct);
        Assert.Equal([3L, 2L], letters.Select(l => l.Sequence));
        var letter = letters[1];
        Assert.Equal((Provider, OrdersStream, "sub", Projection, 3, "boom"), (letter.Provider, letter.Stream, letter.SubscriptionId, letter.Subscriber, letter.Attempts, letter.Error));
        Assert.Equal("2", Text(letter.Payload));
        Assert.Equal(failedAt, letter.FailedAt);
        Assert.Single(await Store.GetDeadLettersAsync(Provider, 1, Ct));
        Assert.Empty(await Store.GetDeadLettersAsync("other", 10, Ct));
    }

    [Fact]
    public async Task Reminders_can_be_created_replaced_listed_and_deleted()
    {
        var start = new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        await Store.UpsertReminderAsync(new ReminderRecord(Order, "expire", start, TimeSpan.FromMinutes(5)), Ct);
        await Store.UpsertReminderAsync(new ReminderRecord(Order, "audit", start, TimeSpan.FromHours(1)), Ct);
        await Store.UpsertReminderAsync(new ReminderRecord(Projection, "rebuild", start, TimeSpan.FromSeconds(30)), Ct);
        await Store.UpsertReminderAsync(new ReminderRecord(Order, "expire", start.AddDays(1), TimeSpan.FromMilliseconds(1500)), Ct);

        var mine = await Store.GetRemindersAsync(Order, Ct);
        Assert.Equal(
            [new ReminderRecord(Order, "audit", start, TimeSpan.FromHours(1)), new ReminderRecord(Order, "expire", start.AddDays(1), TimeSpan.FromMilliseconds(1500))],
            mine);
        Assert.Equal(3, (await Store.GetAllRemindersAsync(Ct)).Count);

        Assert.True(await Store.DeleteReminderAsync(Order, "expire", Ct));
        Assert.False(await Store.DeleteReminderAsync(Order, "expire", Ct));
        Assert.Equal(["audit"], (await Store.GetRemindersAsync(Order, Ct)).Select(r => r.Name));
        Assert.Empty(await Store.GetRemindersAsync(new GrainId("order", "none"), Ct));
    }

    [Fact]
    public async Task A_cancelled_write_throws_and_leaves_outcomes_pending()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var write = Upsert(Order, "v", null);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.WriteAsync([write], cts.Token));

        Assert.Equal(StoreWriteOutcome.Pending, write.Outcome);
        Assert.Null(await Store.ReadStateAsync(Order, "state", Ct));
    }

    [Fact]
    public async Task Database_failures_surface_as_exceptions_naming_the_storage()
    {
        await using var broken = CreateUnreachableStore("Broken");

        var error = await Assert.ThrowsAsync<RuntimeStoreException>(() => broken.InitializeAsync(Ct));

        Assert.Contains("'Broken'", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task One_batch_advances_several_streams_and_keeps_the_furthest_checkpoint()
    {
        var other = new StreamId("orders", "ORD-2");
        await WriteOneAsync(EventsOnly(Order, Event(OrdersStream, "a1", Subscriber("s1", Projection)), Event(other, "b1", Subscriber("s2", Projection)), Event(OrdersStream, "a2")));

        StoreWrite[] writes =
        [
            Checkpoint(OrdersStream, "s1", 2),
            Checkpoint(other, "s2", 1),
            Checkpoint(OrdersStream, "s1", 1),
            EventsOnly(Order, Event(other, "b2"), Event(OrdersStream, "a3", Subscriber("s3", Order))),
        ];
        await Store.WriteAsync(writes, Ct);

        Assert.All(writes, w => Assert.Equal(StoreWriteOutcome.Committed, w.Outcome));
        Assert.Equal([2L, 3L], writes[3].EventSequences);
        Assert.Equal((3L, 2L), (await Store.GetStreamHeadAsync(Provider, OrdersStream, Ct), await Store.GetStreamHeadAsync(Provider, other, Ct)));
        var subscriptions = (await Store.GetSubscriptionsAsync(Provider, OrdersStream, Ct)).ToDictionary(s => s.SubscriptionId, s => s.Checkpoint);
        Assert.Equal(new Dictionary<string, long> { ["s1"] = 2, ["s3"] = 0 }, subscriptions);
        Assert.Equal(1, Assert.Single(await Store.GetSubscriptionsAsync(Provider, other, Ct)).Checkpoint);
    }

    [Fact]
    public async Task Large_batches_commit_every_write()
    {
        var writes = Enumerable.Range(0, 500).Select(i => Upsert(new GrainId("order", $"K{i}"), $"p{i}", null, Event(OrdersStream, $"e{i}"))).ToList();
        await Store.WriteAsync(writes, Ct);

        Assert.All(writes, w => Assert.Equal(StoreWriteOutcome.Committed, w.Outcome));
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), writes.Select(w => w.EventSequences.Single()));
        Assert.Equal("p321", Text((await Store.ReadStateAsync(new GrainId("order", "K321"), "state", Ct))!.Payload));
    }

    protected Task WriteOneAsync(StoreWrite write) => Store.WriteAsync([write], Ct);

    protected static StoreWrite Upsert(GrainId grain, string payload, long? expected, params StreamAppend[] events) =>
        Upsert(grain, payload, expected, "state", events);

    protected static StoreWrite Upsert(GrainId grain, string payload, long? expected, string stateName, params StreamAppend[] events) =>
        new() { GrainId = grain, StateName = stateName, Kind = StoreWriteKind.Upsert, Payload = Bytes(payload), ExpectedVersion = expected, Events = events };

    protected static StoreWrite Clear(GrainId grain, long? expected) =>
        new() { GrainId = grain, StateName = "state", Kind = StoreWriteKind.Clear, ExpectedVersion = expected };

    protected static StoreWrite EventsOnly(GrainId grain, params StreamAppend[] events) =>
        new() { GrainId = grain, StateName = "state", Kind = StoreWriteKind.EventsOnly, Events = events };

    protected static StoreWrite Checkpoint(StreamId stream, string subscriptionId, long sequence) =>
        new() { GrainId = Projection, StateName = string.Empty, Kind = StoreWriteKind.Checkpoint, Checkpoint = new CheckpointAdvance(Provider, stream, subscriptionId, sequence) };

    protected static StreamAppend Event(StreamId stream, string payload, params StreamSubscriptionRecord[] implicitSubscribers) =>
        new(Provider, stream, Bytes(payload), implicitSubscribers);

    protected static StreamSubscriptionRecord Subscriber(string subscriptionId, GrainId subscriber, long checkpoint = 0) =>
        new(Provider, default, subscriptionId, subscriber, checkpoint);

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string? Text(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);
}
