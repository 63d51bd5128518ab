namespace OrderGrains.Runtime.Diagnostics;

/// <summary>
/// A call filter that is only sometimes needed (for example only while someone watches). While no filter is active
/// the runtime takes its fast path with no filter cost at all.
/// </summary>
public interface IConditionalGrainCallFilter
{
    /// <summary>True when the filter must run.</summary>
    bool IsActive { get; }
}
