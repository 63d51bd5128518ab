namespace OrderGrains.Runtime.Invocation;

/// <summary>Base class of generated grain proxies: a grain identity plus the runtime that carries its calls.</summary>
public abstract class GrainReference : IGrain, IEquatable<GrainReference>
{
    /// <summary>Creates a reference; performs no I/O.</summary>
    protected GrainReference(GrainId grainId, IGrainCallRuntime runtime)
    {
        GrainId = grainId;
        Runtime = runtime;
    }

    /// <summary>Identity of the referenced grain.</summary>
    public GrainId GrainId { get; }

    /// <summary>The runtime that carries calls made through this reference.</summary>
    public IGrainCallRuntime Runtime { get; }

    /// <summary>Routing hint kept by the runtime between calls (for example the last activation reached).</summary>
    internal object? RoutingHint;

    /// <summary>Sends a request and returns its result.</summary>
    protected ValueTask<TResult> InvokeAsync<TResult>(GrainRequest<TResult> request)
    {
        Runtime.Send(this, request);
        return request.AsValueTask();
    }

    /// <summary>Sends a request without a result.</summary>
    protected ValueTask InvokeVoidAsync(GrainRequest<VoidResult> request)
    {
        Runtime.Send(this, request);
        return request.AsVoidValueTask();
    }

    /// <inheritdoc/>
    public bool Equals(GrainReference? other) => other is not null && GrainId == other.GrainId;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => GrainId.ToString();
}
