using OrderGrains.Runtime.Internal;

namespace OrderGrains.Runtime;

/// <summary>The activation whose code is running in the current asynchronous flow, if any.</summary>
public static class RuntimeContext
{
    /// <summary>The current activation, or null outside grain code.</summary>
    public static IGrainContext? Current => ActivationScope.CurrentTurn.Value?.Target;
}
