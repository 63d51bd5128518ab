using OrderGrains.Runtime.Diagnostics;

namespace OrderGrains.Runtime.Messaging;

/// <summary>The registered call filters. When none is active, calls take the fast path with no filter cost.</summary>
internal sealed class GrainCallFilters(IEnumerable<IIncomingGrainCallFilter> incoming, IEnumerable<IOutgoingGrainCallFilter> outgoing)
{
    private readonly IIncomingGrainCallFilter[] _incoming = [.. incoming];
    private readonly IOutgoingGrainCallFilter[] _outgoing = [.. outgoing];

    public bool HasActiveIncoming => AnyActive(_incoming);

    public bool HasActiveOutgoing => AnyActive(_outgoing);

    public IIncomingGrainCallFilter[] ActiveIncoming() => Active(_incoming);

    public IOutgoingGrainCallFilter[] ActiveOutgoing() => Active(_outgoing);

    /// <summary>The registered array itself when every filter is active (the usual case): nothing is allocated per call.</summary>
    private static T[] Active<T>(T[] filters)
    {
        foreach (var filter in filters)
        {
            if (!IsActive(filter))
            {
                return [.. filters.Where(IsActive)];
            }
        }

        return filters;
    }

    private static bool AnyActive<T>(T[] filters)
    {
        foreach (var filter in filters)
        {
            if (IsActive(filter))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsActive<T>(T filter) => filter is not IConditionalGrainCallFilter conditional || conditional.IsActive;
}
