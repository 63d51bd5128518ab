using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderGrains.Grains.Orders;

/// <summary>
/// The order's state row: how far its journal (the order's timeline stream) goes and how much of it the snapshot
/// holds. Small, so a command rewrites a few bytes rather than the whole order, and its version still guards every
/// write against a stale activation.
/// </summary>
public sealed class OrderJournal
{
    /// <summary>The layout of the order's storage; 0 is an order stored as one whole snapshot row (before journals).</summary>
    public int Format { get; set; }

    /// <summary>Records in the journal: its last stream sequence (the order is the only writer of its stream).</summary>
    public long Records { get; set; }

    /// <summary>Records folded into the stored snapshot.</summary>
    public long SnapshotAt { get; set; }

    /// <summary>The fields of a row stored before journals (<see cref="Format"/> 0), to be moved into a snapshot.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Legacy { get; set; }
}

/// <summary>
/// One accepted command in the order's journal: its state changes and its timeline events. Readers of the timeline
/// stream may read it as <see cref="Interfaces.Orders.TimelineRecord"/> (the same <c>events</c>).
/// </summary>
/// <param name="Number">Position in the journal (1, 2, 3...): equal to the record's stream sequence.</param>
/// <param name="Events">The timeline events the command recorded.</param>
/// <param name="Changes">The state changes, in the order the command made them.</param>
public sealed record OrderJournalRecord(long Number, IReadOnlyList<Interfaces.Orders.TimelineEvent> Events, IReadOnlyList<OrderChange> Changes);
