namespace OrderGrains.Runtime.Invocation;

/// <summary>Sends requests for grain references. Implemented by the silo and by the cluster client.</summary>
public interface IGrainCallRuntime
{
    /// <summary>Routes <paramref name="request"/> to <paramref name="target"/>; the outcome arrives through the request.</summary>
    void Send(GrainReference target, GrainRequest request);
}
