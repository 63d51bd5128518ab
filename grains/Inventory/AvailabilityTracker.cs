using OrderGrains.Interfaces.Inventory;

namespace OrderGrains.Grains.Inventory;

/// <summary>
/// Bookkeeping of a slot's availability events: which change is the latest durable one, which was published last,
/// and strictly increasing event times (so a subscriber can drop older events by <see cref="AvailabilityChanged.At"/>).
/// </summary>
internal sealed class AvailabilityTracker(DateTimeOffset lastEventAt, int lastWrittenAvailable)
{
    private int _publishedAvailable = lastWrittenAvailable;
    private DateTimeOffset _lastAt = lastEventAt;
    private long _sequence;
    private long _durableSequence;
    private long _publishedSequence;
    private AvailabilityChanged? _durable;

    /// <summary>Availability carried by the latest write started (to detect changes between zero and positive).</summary>
    public int LastWrittenAvailable { get; private set; } = lastWrittenAvailable;

    /// <summary>Time of the latest event created.</summary>
    public DateTimeOffset LastEventAt => _lastAt;

    /// <summary>Records a change going into a write; returns its sequence number.</summary>
    public long Record(AvailabilityChanged change)
    {
        LastWrittenAvailable = change.Available;
        return ++_sequence;
    }

    /// <summary>An event time after every earlier one of this slot.</summary>
    public DateTimeOffset NextEventTime(DateTimeOffset now)
    {
        _lastAt = now > _lastAt ? now : _lastAt.AddTicks(1);
        return _lastAt;
    }

    /// <summary>The write carrying change <paramref name="sequence"/> is durable; <paramref name="published"/> if it carried the event.</summary>
    public void MarkDurable(long sequence, AvailabilityChanged change, bool published)
    {
        if (sequence > _durableSequence)
        {
            _durableSequence = sequence;
            _durable = change;
        }

        if (published)
        {
            MarkPublished(sequence, change.Available);
        }
    }

    /// <summary>The latest durable change, if it is newer than the latest published one.</summary>
    public bool TryGetUnpublished(out long sequence, out AvailabilityChanged change)
    {
        sequence = _durableSequence;
        change = _durable!;
        return _durable is not null && _durableSequence > _publishedSequence;
    }

    public void MarkPublished(long sequence, int available)
    {
        if (sequence > _publishedSequence)
        {
            _publishedSequence = sequence;
            _publishedAvailable = available;
        }
    }

    /// <summary>
    /// True when routing should hear of <paramref name="available"/> soon: it moved by a tenth or more of what was last
    /// published (any unit when ten or fewer were). Smaller moves of plentiful stock change no routing decision.
    /// </summary>
    public bool IsSignificant(int available) => Math.Abs((long)available - _publishedAvailable) * 10 >= Math.Max(10, _publishedAvailable);
}
