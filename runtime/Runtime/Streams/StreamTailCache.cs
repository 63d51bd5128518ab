using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Streams;

/// <summary>
/// The latest events this silo committed to each stream, kept from the group commit's outcome, so a delivery that
/// starts right after (the common case: the agent wakes on the commit) reads them from memory instead of reading
/// back what it just wrote. Only a run of consecutive sequence numbers is kept per stream: an event another silo
/// appended breaks the run and the cache restarts there, so a read is served only when it is complete.
/// </summary>
internal sealed class StreamTailCache(int perStream, int total)
{
    private readonly object _lock = new();
    private readonly Dictionary<StreamId, List<StoredStreamEvent>> _streams = [];
    private int _count;

    public void Add(StreamId stream, StoredStreamEvent stored)
    {
        lock (_lock)
        {
            if (_count >= total)
            {
                // Bounded memory: start over rather than track ages (anything missing is read from storage).
                _streams.Clear();
                _count = 0;
            }

            if (!_streams.TryGetValue(stream, out var tail))
            {
                _streams[stream] = tail = [];
            }

            if (tail.Count > 0 && tail[^1].Sequence + 1 != stored.Sequence)
            {
                _count -= tail.Count;
                tail.Clear();
            }

            tail.Add(stored);
            _count++;
            if (tail.Count > perStream)
            {
                tail.RemoveAt(0);
                _count--;
            }
        }
    }

    /// <summary>The events after <paramref name="afterSequence"/> up to the latest, if all of them are here.</summary>
    public bool TryRead(StreamId stream, long afterSequence, int limit, out IReadOnlyList<StoredStreamEvent> events)
    {
        lock (_lock)
        {
            if (_streams.TryGetValue(stream, out var tail) && tail.Count > 0 && tail[0].Sequence <= afterSequence + 1 && tail[^1].Sequence > afterSequence)
            {
                var start = (int)(afterSequence + 1 - tail[0].Sequence);
                events = tail.GetRange(start, Math.Min(limit, tail.Count - start));
                return true;
            }
        }

        events = [];
        return false;
    }
}
