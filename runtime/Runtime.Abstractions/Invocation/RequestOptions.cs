namespace OrderGrains.Runtime.Invocation;

/// <summary>Scheduling properties of a request, from attributes on its interface method.</summary>
[Flags]
public enum RequestOptions
{
    /// <summary>Ordinary request.</summary>
    None = 0,

    /// <summary>The method is <see cref="ReadOnlyAttribute">[ReadOnly]</see>.</summary>
    ReadOnly = 1,

    /// <summary>The method is <see cref="AlwaysInterleaveAttribute">[AlwaysInterleave]</see>.</summary>
    AlwaysInterleave = 2,
}
