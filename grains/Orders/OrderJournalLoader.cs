using System.Text.Json;

namespace OrderGrains.Grains.Orders;

/// <summary>
/// Rebuilds an order on activation: its snapshot, then every journal record after it, checked to be complete and in
/// order. An order stored before journals (one whole row) is moved into a snapshot first.
/// </summary>
internal sealed class OrderJournalLoader(
    IPersistentState<OrderJournal> journal,
    IPersistentDictionary<OrderState> snapshots,
    IAsyncStream<OrderJournalRecord> records,
    JsonSerializerOptions json)
{
    /// <summary>The storage layout written now.</summary>
    public const int CurrentFormat = 1;

    /// <summary>The entry collection (and key) holding the snapshot.</summary>
    public const string Snapshot = "snapshot";

    private const int Page = 256;

    public async Task<OrderState> LoadAsync(CancellationToken cancellationToken)
    {
        if (!journal.RecordExists)
        {
            return new OrderState();
        }

        var header = journal.State;
        if (header.Format == 0)
        {
            return await MigrateAsync(header, cancellationToken);
        }

        if (header.Format > CurrentFormat)
        {
            throw new InvalidOperationException($"The order is stored in format {header.Format}; this silo reads up to {CurrentFormat}.");
        }

        OrderState state;
        if (header.SnapshotAt == 0)
        {
            state = new OrderState();
        }
        else if (!snapshots.TryGetValue(Snapshot, out state!))
        {
            throw new InvalidOperationException($"The order's row says its snapshot holds {header.SnapshotAt} records, but no snapshot is stored.");
        }

        // Records past the row's count belong to a write still landing; the row's version makes this activation's
        // first write fail if so, and the next activation reads them.
        var position = header.SnapshotAt;
        while (position < header.Records)
        {
            var page = await records.ReadAsync(new StreamSequenceToken(position), (int)Math.Min(Page, header.Records - position), cancellationToken);
            if (page.Count == 0)
            {
                throw new InvalidOperationException($"The order's journal ends at record {position}, but its row counts {header.Records}.");
            }

            foreach (var stored in page)
            {
                var expected = position + 1;
                if (stored.Token.SequenceNumber != expected || stored.Item.Number != expected)
                {
                    throw new InvalidOperationException(
                        $"The order's journal is out of order: record {expected} expected, stream sequence {stored.Token.SequenceNumber} holds record {stored.Item.Number}.");
                }

                OrderFold.Apply(state, stored.Item);
                position = expected;
            }
        }

        return state;
    }

    /// <summary>
    /// The whole order was the row: it becomes the snapshot, covering the timeline records already in the stream,
    /// and is stored at once so the old layout is read only once.
    /// </summary>
    private async Task<OrderState> MigrateAsync(OrderJournal header, CancellationToken cancellationToken)
    {
        var state = header.Legacy is { Count: > 0 } legacy
            ? JsonSerializer.Deserialize<OrderState>(JsonSerializer.SerializeToElement(legacy, json), json) ?? new OrderState()
            : new OrderState();
        long existing = 0;
        while (true)
        {
            var page = await records.ReadAsync(new StreamSequenceToken(existing), Page, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            existing = page[^1].Token.SequenceNumber;
        }

        header.Legacy = null;
        header.Format = CurrentFormat;
        header.Records = existing;
        header.SnapshotAt = existing;
        snapshots.Set(Snapshot, state);
        await journal.WriteStateAsync(cancellationToken);
        return state;
    }
}
