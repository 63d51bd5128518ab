using System.Data.Common;

namespace OrderGrains.Runtime.Storage.AdoNet;

/// <summary>
/// Runs <see cref="IRuntimeStore.WriteAsync"/> inside an open transaction in four phases, each one round trip with
/// batching: (1) every version-checked state statement, which decides each write's outcome; (2) the head increments
/// of the streams touched by committed writes, which reserve their sequence numbers; (3) the event rows and the
/// implicit subscriptions; (4) entry changes and checkpoint advances. Where the dialect binds arrays (PostgreSQL),
/// each kind of row is one statement for the whole batch rather than one per row. Rows are locked in a canonical
/// order (state keys, then streams, then subscriptions) so concurrent batches on PostgreSQL do not deadlock. Outcomes
/// are returned, not set: the caller applies them after commit.
/// </summary>
/// <param name="scripts">The dialect's SQL.</param>
/// <param name="dialect">The dialect.</param>
internal sealed class WriteBatchExecutor(SqlScriptSet scripts, SqlDialect dialect)
{
    private readonly string _insertState = scripts[QueryNames.InsertState];
    private readonly string _updateState = scripts[QueryNames.UpdateState];
    private readonly string _clearState = scripts[QueryNames.ClearState];
    private readonly string _checkStateAbsent = scripts[QueryNames.CheckStateAbsent];
    private readonly string _advanceStreamHead = scripts[QueryNames.AdvanceStreamHead];
    private readonly string _insertEvent = scripts[QueryNames.InsertEvent];
    private readonly string _insertSubscription = scripts[QueryNames.InsertSubscription];
    private readonly string _checkFence = scripts[QueryNames.CheckFence];
    private readonly string _upsertEntry = scripts[QueryNames.UpsertEntry];
    private readonly string _deleteEntry = scripts[QueryNames.DeleteEntry];
    private readonly string _clearEntries = scripts[QueryNames.ClearEntries];
    private readonly string _advanceCheckpoint = scripts[QueryNames.AdvanceCheckpoint];
    private readonly bool _bulk = dialect.SupportsArrayParameters;

    /// <summary>Checks a batch before anything is sent.</summary>
    public static void Validate(IReadOnlyList<StoreWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i] ?? throw new ArgumentException($"Write {i} is null.", nameof(writes));
            if (write.GrainId.IsDefault)
            {
                throw new ArgumentException($"Write {i} has no grain id.", nameof(writes));
            }

            if (write.Kind is not (StoreWriteKind.Upsert or StoreWriteKind.Clear or StoreWriteKind.EventsOnly or StoreWriteKind.Checkpoint))
            {
                throw new ArgumentException($"Write {i} has an unknown kind {write.Kind}.", nameof(writes));
            }

            if (write.Kind == StoreWriteKind.Checkpoint && write.Checkpoint is not { SubscriptionId: not null, Provider: not null })
            {
                throw new ArgumentException($"Checkpoint write {i} names no subscription.", nameof(writes));
            }

            if (write.Kind is not (StoreWriteKind.EventsOnly or StoreWriteKind.Checkpoint))
            {
                ArgumentNullException.ThrowIfNull(write.StateName, nameof(writes));
            }

            ArgumentNullException.ThrowIfNull(write.Events, nameof(writes));
            foreach (var append in write.Events)
            {
                if (append is null || string.IsNullOrEmpty(append.Provider) || append.Stream.Namespace is null || append.Stream.Key is null)
                {
                    throw new ArgumentException($"Write {i} has an event without provider or stream.", nameof(writes));
                }
            }
        }
    }

    /// <summary>
    /// Executes the batch; the transaction is committed by the caller. Writes whose fence is in
    /// <paramref name="fenced"/> are left out (outcome <see cref="StoreWriteOutcome.Fenced"/>). The fences of the
    /// others are checked first, in the same round trip as the state statements: when one no longer holds, the
    /// result's <see cref="WriteBatchResult.RejectedFences"/> names it and the caller must roll back and run the
    /// batch again without it.
    /// </summary>
    public async Task<WriteBatchResult> ExecuteAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<StoreWrite> writes, IReadOnlySet<StoreFence> fenced, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var result = new WriteBatchResult(writes.Count);
        var dbNow = dialect.ToDbTime(now);
        await using var runner = new StatementRunner(connection, transaction, dialect.PreferBatches);

        var guards = new SortedSet<StoreFence>(FenceOrder.Instance);
        for (var i = 0; i < writes.Count; i++)
        {
            if (writes[i].Fence is not { } fence)
            {
                continue;
            }

            if (fenced.Contains(fence))
            {
                result.Outcomes[i] = StoreWriteOutcome.Fenced;
            }
            else
            {
                guards.Add(fence);
            }
        }

        await ApplyStatesAsync(runner, writes, [.. guards], dbNow, result, cancellationToken);
        if (result.RejectedFences.Count > 0)
        {
            return result;
        }

        var streams = await ReserveSequencesAsync(runner, writes, result, cancellationToken);
        if (streams > 0)
        {
            await InsertEventsAsync(runner, writes, dbNow, result, cancellationToken);
        }

        await ApplyEntriesAsync(runner, writes, result, cancellationToken);
        return result;
    }

    /// <summary>
    /// Entry changes of the writes whose state row committed, in write order (a later change to a key wins), and the
    /// checkpoint advances (after what their subscribers stored: they are queued behind it).
    /// </summary>
    private async Task ApplyEntriesAsync(StatementRunner runner, IReadOnlyList<StoreWrite> writes, WriteBatchResult result, CancellationToken cancellationToken)
    {
        List<SqlStatement>? statements = null;
        var upserts = new List<(StoreWrite Write, EntryChange Change)>();
        var deletes = new List<(StoreWrite Write, EntryChange Change)>();
        var checkpoints = new SortedDictionary<SubscriptionKey, long>();

        // One statement per kind when no entry row repeats in the batch (a bulk upsert may not touch a row twice).
        var bulk = _bulk && HasDistinctEntries(writes, result);
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            if (result.Outcomes[i] != StoreWriteOutcome.Committed)
            {
                continue;
            }

            if (write.Kind == StoreWriteKind.Checkpoint)
            {
                var advance = write.Checkpoint!;
                if (_bulk)
                {
                    // A checkpoint only moves forward: of several advances of one subscription, the furthest is enough.
                    var key = new SubscriptionKey(new StreamKey(advance.Provider, advance.Stream), advance.SubscriptionId);
                    checkpoints[key] = Math.Max(advance.Sequence, checkpoints.GetValueOrDefault(key));
                    continue;
                }

                (statements ??= []).Add(new SqlStatement(_advanceCheckpoint).AddStream(advance.Provider, advance.Stream)
                    .Add("@subscription_id", advance.SubscriptionId).Add("@seq", advance.Sequence));
                continue;
            }

            if (write.Kind == StoreWriteKind.Clear)
            {
                (statements ??= []).Add(new SqlStatement(_clearEntries).AddGrain(write.GrainId).Add("@state_name", write.StateName));
                continue;
            }

            foreach (var change in write.EntryChanges)
            {
                if (bulk)
                {
                    (change.Payload is null ? deletes : upserts).Add((write, change));
                    continue;
                }

                var statement = new SqlStatement(change.Payload is null ? _deleteEntry : _upsertEntry)
                    .AddGrain(write.GrainId).Add("@state_name", write.StateName).Add("@entry_key", change.Key);
                (statements ??= []).Add(change.Payload is null ? statement : statement.AddBlob("@payload", change.Payload));
            }
        }

        if (upserts.Count > 0)
        {
            (statements ??= []).Add(BulkEntries(scripts[QueryNames.UpsertEntries], upserts).Add("@payloads", upserts.Select(u => u.Change.Payload!).ToArray()));
        }

        if (deletes.Count > 0)
        {
            (statements ??= []).Add(BulkEntries(scripts[QueryNames.DeleteEntries], deletes));
        }

        if (checkpoints.Count > 0)
        {
            var advances = checkpoints.ToList();
            (statements ??= []).Add(new SqlStatement(scripts[QueryNames.AdvanceCheckpoints])
                .AddStreamKeys(advances, a => a.Key.Stream.Provider, a => a.Key.Stream.Stream)
                .Add("@subscription_ids", advances.Select(a => a.Key.SubscriptionId).ToArray())
                .Add("@seqs", advances.Select(a => a.Value).ToArray()));
        }

        if (statements is not null)
        {
            await runner.ExecuteAsync(statements, cancellationToken);
        }
    }

    private async Task ApplyStatesAsync(
        StatementRunner runner, IReadOnlyList<StoreWrite> writes, IReadOnlyList<StoreFence> guards, object dbNow, WriteBatchResult result, CancellationToken cancellationToken)
    {
        var order = new List<int>(writes.Count);
        for (var i = 0; i < writes.Count; i++)
        {
            if (result.Outcomes[i] == StoreWriteOutcome.Fenced)
            {
                continue;
            }

            if (writes[i].Kind is StoreWriteKind.EventsOnly or StoreWriteKind.Checkpoint)
            {
                result.Outcomes[i] = StoreWriteOutcome.Committed;
                result.NewVersions[i] = 0;
            }
            else
            {
                order.Add(i);
            }
        }

        if (order.Count == 0 && guards.Count == 0)
        {
            return;
        }

        // Canonical lock order; a stable sort keeps several writes to the same row in the caller's order.
        order.Sort((a, b) =>
        {
            var x = writes[a];
            var y = writes[b];
            var c = string.CompareOrdinal(x.GrainId.Type, y.GrainId.Type);
            c = c != 0 ? c : string.CompareOrdinal(x.GrainId.Key, y.GrainId.Key);
            c = c != 0 ? c : string.CompareOrdinal(x.StateName, y.StateName);
            return c != 0 ? c : a.CompareTo(b);
        });

        if (_bulk && order.Count > 1)
        {
            await ApplyStatesInBulkAsync(runner, writes, order, guards, dbNow, result, cancellationToken);
            return;
        }

        // Lease rows first (partition order, as lease renewals lock them), then state rows.
        var statements = new List<SqlStatement>(guards.Count + order.Count);
        foreach (var fence in guards)
        {
            statements.Add(new SqlStatement(_checkFence).Add("@partition_id", fence.Partition).Add("@owner_id", fence.OwnerId).Add("@epoch", fence.Epoch));
        }

        foreach (var index in order)
        {
            statements.Add(CreateStateStatement(writes[index], dbNow));
        }

        var versions = await runner.QueryInt64Async(statements, cancellationToken);
        for (var i = 0; i < guards.Count; i++)
        {
            if (versions[i] is null)
            {
                result.RejectedFences.Add(guards[i]);
            }
        }

        for (var i = 0; i < order.Count; i++)
        {
            var index = order[i];
            if (versions[guards.Count + i] is { } version)
            {
                result.Outcomes[index] = StoreWriteOutcome.Committed;
                result.NewVersions[index] = version;
            }
            else
            {
                result.Outcomes[index] = StoreWriteOutcome.Conflict;
            }
        }
    }

    private static bool HasDistinctEntries(IReadOnlyList<StoreWrite> writes, WriteBatchResult result)
    {
        var seen = new HashSet<(string, string, string, string)>();
        var clears = new HashSet<(string, string, string)>();
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            if (result.Outcomes[i] != StoreWriteOutcome.Committed)
            {
                continue;
            }

            if (write.Kind == StoreWriteKind.Clear && !clears.Add((write.GrainId.Type, write.GrainId.Key, write.StateName)))
            {
                return false;
            }

            foreach (var change in write.EntryChanges)
            {
                if (!seen.Add((write.GrainId.Type, write.GrainId.Key, write.StateName, change.Key)))
                {
                    return false;
                }
            }
        }

        // A clear and entry changes of the same state must run in write order: only the single statements do.
        return !seen.Any(k => clears.Contains((k.Item1, k.Item2, k.Item3)));
    }

    private static SqlStatement BulkEntries(string sql, List<(StoreWrite Write, EntryChange Change)> rows) => new SqlStatement(sql)
        .AddStateKeys(rows, r => r.Write.GrainId, r => r.Write.StateName)
        .Add("@entry_keys", rows.Select(r => r.Change.Key).ToArray());

    /// <summary>
    /// The state writes split into layers of distinct rows, in order: the first write to each row in layer 0, the
    /// second (which expects the version the first one makes) in layer 1, and so on. A bulk statement may touch a row
    /// only once, and the layers run one after the other.
    /// </summary>
    private static List<List<int>> Layers(IReadOnlyList<StoreWrite> writes, List<int> order)
    {
        var layers = new List<List<int>>();
        var seen = new Dictionary<(string, string, string), int>();
        foreach (var index in order)
        {
            var key = (writes[index].GrainId.Type, writes[index].GrainId.Key, writes[index].StateName);
            var layer = seen.GetValueOrDefault(key);
            seen[key] = layer + 1;
            if (layer == layers.Count)
            {
                layers.Add([]);
            }

            layers[layer].Add(index);
        }

        return layers;
    }

    /// <summary>
    /// The state statements of a batch as one array-bound update and one insert per layer of distinct rows (plus the
    /// rare clears, one each), in one round trip with the fence guards. Rows are updated in key order.
    /// </summary>
    private async Task ApplyStatesInBulkAsync(
        StatementRunner runner, IReadOnlyList<StoreWrite> writes, List<int> order, IReadOnlyList<StoreFence> guards, object dbNow, WriteBatchResult result,
        CancellationToken cancellationToken)
    {
        var statements = new List<SqlStatement>(guards.Count + 2);
        foreach (var fence in guards)
        {
            statements.Add(new SqlStatement(_checkFence).Add("@partition_id", fence.Partition).Add("@owner_id", fence.OwnerId).Add("@epoch", fence.Epoch));
        }

        // What each statement's rows answer: an update returns the write's ordinal; an insert its key; a clear one row.
        var updates = new HashSet<int>();
        var inserts = new Dictionary<int, Dictionary<(string, string, string), int>>();
        var singles = new Dictionary<int, int>();
        foreach (var layer in Layers(writes, order))
        {
            var updated = layer.Where(i => writes[i] is { Kind: StoreWriteKind.Upsert, ExpectedVersion: not null }).ToList();
            var inserted = layer.Where(i => writes[i] is { Kind: StoreWriteKind.Upsert, ExpectedVersion: null }).ToList();
            if (updated.Count > 0)
            {
                updates.Add(statements.Count);
                statements.Add(BulkStates(scripts[QueryNames.UpdateStates], writes, updated, withVersions: true).Add("@now", dbNow));
            }

            if (inserted.Count > 0)
            {
                inserts[statements.Count] = inserted.ToDictionary(i => (writes[i].GrainId.Type, writes[i].GrainId.Key, writes[i].StateName));
                statements.Add(BulkStates(scripts[QueryNames.InsertStates], writes, inserted, withVersions: false).Add("@now", dbNow));
            }

            foreach (var index in layer.Where(i => writes[i].Kind == StoreWriteKind.Clear))
            {
                singles[statements.Count] = index;
                statements.Add(CreateStateStatement(writes[index], dbNow));
            }
        }

        foreach (var index in order)
        {
            result.Outcomes[index] = StoreWriteOutcome.Conflict;
        }

        var held = new bool[guards.Count];
        await runner.QueryRowsAsync(statements, (statement, row) =>
        {
            if (statement < guards.Count)
            {
                held[statement] = true; // a guard returns its row while the lease holds
                return;
            }

            if (updates.Contains(statement))
            {
                var index = row.GetInt32(0);
                result.Outcomes[index] = StoreWriteOutcome.Committed;
                result.NewVersions[index] = row.GetInt64(1);
            }
            else if (inserts.TryGetValue(statement, out var byKey))
            {
                var index = byKey[(row.GetString(0), row.GetString(1), row.GetString(2))];
                result.Outcomes[index] = StoreWriteOutcome.Committed;
                result.NewVersions[index] = 1;
            }
            else
            {
                var index = singles[statement];
                result.Outcomes[index] = StoreWriteOutcome.Committed;
                result.NewVersions[index] = row.GetInt64(0);
            }
        }, cancellationToken);
        for (var g = 0; g < guards.Count; g++)
        {
            if (!held[g])
            {
                result.RejectedFences.Add(guards[g]);
            }
        }
    }

    private static SqlStatement BulkStates(string sql, IReadOnlyList<StoreWrite> writes, List<int> rows, bool withVersions)
    {
        var sorted = rows.OrderBy(i => writes[i].GrainId.Type, StringComparer.Ordinal).ThenBy(i => writes[i].GrainId.Key, StringComparer.Ordinal)
            .ThenBy(i => writes[i].StateName, StringComparer.Ordinal).ToList();
        var statement = new SqlStatement(sql)
            .AddStateKeys(sorted, i => writes[i].GrainId, i => writes[i].StateName)
            .Add("@payloads", sorted.Select(i => writes[i].Payload ?? []).ToArray());
        return withVersions
            ? statement.Add("@expected_versions", sorted.Select(i => writes[i].ExpectedVersion!.Value).ToArray()).Add("@ordinals", sorted.ToArray())
            : statement;
    }

    private SqlStatement CreateStateStatement(StoreWrite write, object dbNow)
    {
        SqlStatement statement;
        switch (write.Kind, write.ExpectedVersion)
        {
            case (StoreWriteKind.Upsert, null):
                statement = new SqlStatement(_insertState).AddGrain(write.GrainId).Add("@state_name", write.StateName).AddBlob("@payload", write.Payload);
                break;
            case (StoreWriteKind.Upsert, { } expected):
                statement = new SqlStatement(_updateState).AddGrain(write.GrainId).Add("@state_name", write.StateName).AddBlob("@payload", write.Payload)
                    .Add("@expected_version", expected);
                break;
            case (StoreWriteKind.Clear, null):
                // Nothing is stored and the writer knows it: committed with version 0 when still no row exists.
                return new SqlStatement(_checkStateAbsent).AddGrain(write.GrainId).Add("@state_name", write.StateName);
            case (StoreWriteKind.Clear, { } expected):
                statement = new SqlStatement(_clearState).AddGrain(write.GrainId).Add("@state_name", write.StateName).Add("@expected_version", expected);
                break;
            default:
                throw new ArgumentException($"Unexpected write kind {write.Kind}.", nameof(write));
        }

        return statement.Add("@now", dbNow);
    }

    private async Task<int> ReserveSequencesAsync(StatementRunner runner, IReadOnlyList<StoreWrite> writes, WriteBatchResult result, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<StreamKey, long>();
        for (var i = 0; i < writes.Count; i++)
        {
            if (result.Outcomes[i] != StoreWriteOutcome.Committed)
            {
                continue;
            }

            foreach (var append in writes[i].Events)
            {
                var key = new StreamKey(append.Provider, append.Stream);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        if (counts.Count == 0)
        {
            return 0;
        }

        var streams = counts.Keys.ToList();
        streams.Sort();
        var next = new Dictionary<StreamKey, long>(streams.Count);
        if (_bulk)
        {
            var statement = new SqlStatement(scripts[QueryNames.AdvanceStreamHeads])
                .AddStreamKeys(streams, s => s.Provider, s => s.Stream).Add("@counts", streams.Select(s => counts[s]).ToArray());
            await runner.QueryRowsAsync([statement], (_, row) =>
            {
                var stream = new StreamKey(row.GetString(0), new StreamId(row.GetString(1), row.GetString(2)));
                next[stream] = row.GetInt64(3) - counts[stream] + 1;
            }, cancellationToken);
        }
        else
        {
            var statements = new List<SqlStatement>(streams.Count);
            foreach (var stream in streams)
            {
                statements.Add(new SqlStatement(_advanceStreamHead).AddStream(stream.Provider, stream.Stream).Add("@count", counts[stream]));
            }

            var heads = await runner.QueryInt64Async(statements, cancellationToken);
            for (var i = 0; i < streams.Count; i++)
            {
                if (heads[i] is { } head)
                {
                    next[streams[i]] = head - counts[streams[i]] + 1;
                }
            }
        }

        if (next.Count != streams.Count)
        {
            throw new InvalidOperationException($"Advancing the heads of {streams.Count} streams returned {next.Count} rows.");
        }

        for (var i = 0; i < writes.Count; i++)
        {
            var events = writes[i].Events;
            if (result.Outcomes[i] != StoreWriteOutcome.Committed || events.Count == 0)
            {
                continue;
            }

            var sequences = new long[events.Count];
            for (var e = 0; e < events.Count; e++)
            {
                var key = new StreamKey(events[e].Provider, events[e].Stream);
                sequences[e] = next[key]++;
            }

            result.Sequences[i] = sequences;
        }

        return streams.Count;
    }

    private async Task InsertEventsAsync(StatementRunner runner, IReadOnlyList<StoreWrite> writes, object dbNow, WriteBatchResult result, CancellationToken cancellationToken)
    {
        var subscriptions = new SortedDictionary<SubscriptionKey, StreamSubscriptionRecord>();
        var statements = new List<SqlStatement>();
        var rows = new List<(StreamAppend Append, long Sequence)>();
        for (var i = 0; i < writes.Count; i++)
        {
            var sequences = result.Sequences[i];
            if (sequences is null)
            {
                continue;
            }

            var events = writes[i].Events;
            for (var e = 0; e < events.Count; e++)
            {
                var append = events[e];
                if (_bulk)
                {
                    rows.Add((append, sequences[e]));
                }
                else
                {
                    statements.Add(new SqlStatement(_insertEvent).AddStream(append.Provider, append.Stream).Add("@seq", sequences[e])
                        .AddBlob("@payload", append.Payload).Add("@now", dbNow));
                }

                foreach (var subscriber in append.ImplicitSubscribers ?? [])
                {
                    // The subscription belongs to the stream the event is appended to.
                    subscriptions.TryAdd(new SubscriptionKey(new StreamKey(append.Provider, append.Stream), subscriber.SubscriptionId), subscriber);
                }
            }
        }

        // Subscriptions first, in key order, then events: a consistent lock order across concurrent batches.
        var all = new List<SqlStatement>(subscriptions.Count + statements.Count);
        if (_bulk && subscriptions.Count > 0)
        {
            var keys = subscriptions.ToList();
            all.Add(new SqlStatement(scripts[QueryNames.InsertSubscriptions])
                .AddStreamKeys(keys, k => k.Key.Stream.Provider, k => k.Key.Stream.Stream)
                .Add("@subscription_ids", keys.Select(k => k.Key.SubscriptionId).ToArray())
                .Add("@subscriber_types", keys.Select(k => k.Value.Subscriber.Type).ToArray())
                .Add("@subscriber_keys", keys.Select(k => k.Value.Subscriber.Key).ToArray()));
        }
        else
        {
            foreach (var (key, subscriber) in subscriptions)
            {
                all.Add(new SqlStatement(_insertSubscription).AddStream(key.Stream.Provider, key.Stream.Stream).Add("@subscription_id", key.SubscriptionId)
                    .Add("@subscriber_type", subscriber.Subscriber.Type).Add("@subscriber_key", subscriber.Subscriber.Key).Add("@checkpoint", 0L));
            }
        }

        all.AddRange(statements);
        if (rows.Count > 0)
        {
            all.Add(new SqlStatement(scripts[QueryNames.InsertEvents])
                .AddStreamKeys(rows, r => r.Append.Provider, r => r.Append.Stream)
                .Add("@seqs", rows.Select(r => r.Sequence).ToArray())
                .Add("@payloads", rows.Select(r => r.Append.Payload.AsArray()).ToArray())
                .Add("@now", dbNow));
        }

        await runner.ExecuteAsync(all, cancellationToken);
    }

    private sealed class FenceOrder : IComparer<StoreFence>
    {
        public static FenceOrder Instance { get; } = new();

        public int Compare(StoreFence? x, StoreFence? y)
        {
            var c = x!.Partition.CompareTo(y!.Partition);
            c = c != 0 ? c : x.Epoch.CompareTo(y.Epoch);
            return c != 0 ? c : string.CompareOrdinal(x.OwnerId, y.OwnerId);
        }
    }

    private readonly record struct StreamKey(string Provider, StreamId Stream) : IComparable<StreamKey>
    {
        public int CompareTo(StreamKey other)
        {
            var c = string.CompareOrdinal(Provider, other.Provider);
            c = c != 0 ? c : string.CompareOrdinal(Stream.Namespace, other.Stream.Namespace);
            return c != 0 ? c : string.CompareOrdinal(Stream.Key, other.Stream.Key);
        }

        public override string ToString() => $"{Provider}:{Stream}";
    }

    private readonly record struct SubscriptionKey(StreamKey Stream, string SubscriptionId) : IComparable<SubscriptionKey>
    {
        public int CompareTo(SubscriptionKey other)
        {
            var c = Stream.CompareTo(other.Stream);
            return c != 0 ? c : string.CompareOrdinal(SubscriptionId, other.SubscriptionId);
        }
    }
}

/// <summary>Outcomes of a batch, applied to the <see cref="StoreWrite"/>s only after the transaction committed.</summary>
/// <param name="count">Number of writes.</param>
internal sealed class WriteBatchResult(int count)
{
    public StoreWriteOutcome[] Outcomes { get; } = new StoreWriteOutcome[count];

    public long[] NewVersions { get; } = new long[count];

    public long[]?[] Sequences { get; } = new long[]?[count];

    /// <summary>Fences that no longer held: the transaction must be rolled back and the batch run without them.</summary>
    public List<StoreFence> RejectedFences { get; } = [];

    /// <summary>Copies the outcomes to the writes.</summary>
    public void ApplyTo(IReadOnlyList<StoreWrite> writes, out int conflicts, out int events, out int fenced)
    {
        conflicts = 0;
        events = 0;
        fenced = 0;
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            write.Outcome = Outcomes[i];
            if (Outcomes[i] == StoreWriteOutcome.Committed)
            {
                write.NewVersion = NewVersions[i];
                write.EventSequences = Sequences[i] ?? [];
                events += write.EventSequences.Length;
            }
            else
            {
                write.EventSequences = [];
                if (Outcomes[i] == StoreWriteOutcome.Fenced)
                {
                    fenced++;
                }
                else
                {
                    conflicts++;
                }
            }
        }
    }
}
