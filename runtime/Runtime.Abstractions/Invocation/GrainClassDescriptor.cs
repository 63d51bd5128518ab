namespace OrderGrains.Runtime.Invocation;

/// <summary>What the runtime knows about a grain class. Generated; no reflection is needed at run time.</summary>
public sealed record GrainClassDescriptor
{
    /// <summary>The grain type name (first part of the <see cref="GrainId"/>).</summary>
    public required string GrainType { get; init; }

    /// <summary>The grain class.</summary>
    public required Type ClassType { get; init; }

    /// <summary>Grain interfaces the class implements.</summary>
    public required IReadOnlyList<Type> Interfaces { get; init; }

    /// <summary>Creates an instance, binding constructor parameters from services and persistent states.</summary>
    public required Func<IServiceProvider, IGrainContext, Grain> Factory { get; init; }

    /// <summary>The class is <see cref="ReentrantAttribute">[Reentrant]</see>.</summary>
    public bool IsReentrant { get; init; }

    /// <summary>For stateless workers, the maximum local activations (0 = processor count); null otherwise.</summary>
    public int? StatelessWorkerMaxLocal { get; init; }

    /// <summary>Idle time before collection, overriding the runtime default.</summary>
    public TimeSpan? CollectionAge { get; init; }

    /// <summary>Stream namespaces the class subscribes to implicitly.</summary>
    public IReadOnlyList<string> ImplicitStreamNamespaces { get; init; } = [];
}
