namespace OrderGrains.Runtime.Internal;

/// <summary>Ambient state the runtime sets while it runs grain code.</summary>
internal static class ActivationScope
{
    /// <summary>The activation whose grain instance is being constructed on this thread.</summary>
    [ThreadStatic]
    internal static IGrainContext? Constructing;

    /// <summary>The turn running in the current asynchronous flow (a request, a timer tick, activation or deactivation).</summary>
    internal static readonly AsyncLocal<TurnContext?> CurrentTurn = new();
}
