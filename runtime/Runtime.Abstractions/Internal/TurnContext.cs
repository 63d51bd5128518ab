namespace OrderGrains.Runtime.Internal;

/// <summary>What the runtime knows about the code running now: the activation and the chain of grains waiting on it.</summary>
public abstract class TurnContext
{
    /// <summary>The activation the turn runs in; null before the runtime binds it.</summary>
    public IGrainContext? Target { get; internal set; }

    /// <summary>The grains up the call chain that are waiting on this turn (the caller first).</summary>
    public CallChainLink? CallChain { get; internal set; }
}

/// <summary>A link of an immutable call chain; used to let A -> B -> A re-enter A instead of deadlocking.</summary>
/// <param name="GrainId">A grain waiting on the call.</param>
/// <param name="Next">The rest of the chain.</param>
public sealed record CallChainLink(GrainId GrainId, CallChainLink? Next)
{
    /// <summary>True if <paramref name="grainId"/> is anywhere in the chain.</summary>
    public bool Contains(GrainId grainId)
    {
        for (var link = this; link is not null; link = link.Next)
        {
            if (link.GrainId == grainId)
            {
                return true;
            }
        }

        return false;
    }
}
